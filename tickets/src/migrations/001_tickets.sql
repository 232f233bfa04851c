-- Up Migration
CREATE TABLE tickets (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  -- Exact integer cents: 0.50 (Stripe's smallest USD charge) to 1,000,000 dollars.
  price_cents integer NOT NULL CHECK (price_cents BETWEEN 50 AND 100000000),
  user_id     uuid NOT NULL,
  status      text NOT NULL DEFAULT 'available'
              CHECK (status IN ('available', 'reserved', 'sold')),
  -- The locking or buying order: set exactly when the ticket is not available.
  order_id    uuid,
  version     integer NOT NULL DEFAULT 0 CHECK (version >= 0),
  -- clock_timestamp, not now(): tickets listed in one transaction still get distinct times.
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT tickets_order_matches_status CHECK ((status = 'available') = (order_id IS NULL))
);

-- Serves every page of the public listing (newest first, keyset on created_at then id) without
-- a sort, and stays small because reserved and sold tickets leave it.
CREATE INDEX tickets_available_newest ON tickets (created_at DESC, id DESC)
  WHERE status = 'available';

-- What this service has heard of each order. Events about one order travel on separate
-- consumers and may arrive in any order: a late order.created must not lock a ticket for an
-- order already cancelled or complete.
CREATE TABLE ticket_orders (
  order_id  uuid PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES tickets (id),
  status    text NOT NULL CHECK (status IN ('created', 'cancelled', 'complete'))
);
CREATE INDEX ticket_orders_ticket ON ticket_orders (ticket_id);

-- Down Migration
DROP TABLE ticket_orders;
DROP TABLE tickets;
