-- Up Migration
-- Orders whose lock ran out with no payment attempt known to hold them: orders asked payments
-- (order.lock-expired) whether one was accepted in time, and cancels once payments answers
-- (payment.window-closed), or on its own PAYMENT_HOLD_SECONDS past expires_at.
CREATE TABLE order_expiries (
  order_id           uuid PRIMARY KEY REFERENCES orders (id),
  asked_at           timestamptz NOT NULL DEFAULT now(),
  payments_closed_at timestamptz
);

-- Down Migration
DROP TABLE order_expiries;
