-- Up Migration
-- What orders knows of tickets: a replica built only from ticket.created and ticket.updated,
-- so an order can be placed without asking the tickets service.
CREATE TABLE tickets (
  id          uuid PRIMARY KEY,
  title       text NOT NULL,
  price_cents bigint NOT NULL CHECK (price_cents > 0),
  user_id     uuid NOT NULL,
  status      text NOT NULL DEFAULT 'available'
              CHECK (status IN ('available', 'reserved', 'sold')),
  version     integer NOT NULL CHECK (version >= 0)
);

CREATE TABLE orders (
  id          uuid PRIMARY KEY,
  user_id     uuid NOT NULL,
  ticket_id   uuid NOT NULL REFERENCES tickets (id),
  -- The price when ordered: what the buyer is charged, whatever the ticket costs later.
  price_cents bigint NOT NULL CHECK (price_cents > 0),
  status      text NOT NULL
              CHECK (status IN ('created', 'awaiting:payment', 'complete', 'cancelled')),
  expires_at  timestamptz NOT NULL,
  version     integer NOT NULL DEFAULT 0 CHECK (version >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The lock itself. At most one order per ticket may be open or complete, so of any number of
-- concurrent orders for one ticket exactly one insert succeeds; the database decides the race,
-- never a lookup before the insert. A cancelled order frees the ticket for the next buyer.
CREATE UNIQUE INDEX orders_one_live_order_per_ticket ON orders (ticket_id)
  WHERE status IN ('created', 'awaiting:payment', 'complete');

-- GET /api/orders: the caller's orders, newest first.
CREATE INDEX orders_by_buyer ON orders (user_id, created_at DESC);

-- The expiry sweep only ever scans open orders, by when their lock runs out.
CREATE INDEX orders_open_by_expiry ON orders (expires_at)
  WHERE status IN ('created', 'awaiting:payment');

-- Down Migration
DROP TABLE orders;
DROP TABLE tickets;
