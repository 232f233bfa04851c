-- Up Migration
-- What payments knows of orders: a replica built only from order.created, order.cancelled and
-- order.completed. A cancellation can arrive before its order.created (separate consumers), so
-- the amount and the lock's end are unknown until order.created has been seen.
CREATE TABLE orders (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL,
  amount_cents bigint CHECK (amount_cents > 0),
  status       text NOT NULL CHECK (status IN ('created', 'cancelled', 'complete')),
  expires_at   timestamptz,
  version      integer NOT NULL CHECK (version >= 0)
);

-- One row per payment attempt: one Stripe PaymentIntent, created with the row's id as its
-- idempotency key, so re-sending an attempt (a retry, a takeover, the sweep) never charges twice.
CREATE TABLE payments (
  id             uuid PRIMARY KEY,
  order_id       uuid NOT NULL REFERENCES orders (id),
  user_id        uuid NOT NULL,
  amount_cents   bigint NOT NULL CHECK (amount_cents > 0),
  payment_method text NOT NULL,
  status         text NOT NULL CHECK (status IN (
                   'pending', 'requires_action', 'succeeded', 'failed', 'canceled',
                   'refunding', 'refunded')),
  stripe_id      text UNIQUE,
  failure        text,
  refund_id      text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- The rule against charging twice: per order, at most one attempt that is open (its charge may
-- still happen) or succeeded (the charge is kept). Declined attempts don't count, so the buyer
-- can try another card; a refunded charge doesn't either, its order is cancelled for good.
CREATE UNIQUE INDEX payments_one_live_attempt_per_order ON payments (order_id)
  WHERE status IN ('pending', 'requires_action', 'succeeded');

-- The sweep: attempts whose Stripe call may have been cut short, refunds to make.
CREATE INDEX payments_unsettled ON payments (updated_at)
  WHERE status IN ('pending', 'requires_action', 'refunding');

-- Stripe delivers webhooks at least once: each event is applied once, by its id.
CREATE TABLE stripe_events (
  id          text PRIMARY KEY,
  type        text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE stripe_events;
DROP TABLE payments;
DROP TABLE orders;
