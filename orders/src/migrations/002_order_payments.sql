-- Up Migration
-- The payment attempts orders has heard of, from payment.action-required and payment.failed.
-- Those events travel on separate consumers, so the failure of an attempt may be applied before
-- its request for the buyer's action: what is known here decides, and a failed attempt never
-- goes back to awaiting. An order is awaiting:payment exactly while it is open and one of its
-- attempts is awaiting.
CREATE TABLE payment_attempts (
  payment_id uuid PRIMARY KEY,
  order_id   uuid NOT NULL REFERENCES orders (id),
  status     text NOT NULL CHECK (status IN ('awaiting', 'failed'))
);

-- Whether any attempt of an order still waits for its buyer.
CREATE INDEX payment_attempts_by_order ON payment_attempts (order_id);

-- Down Migration
DROP TABLE payment_attempts;
