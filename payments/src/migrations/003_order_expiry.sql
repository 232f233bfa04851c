-- Up Migration
-- When orders told payments that the order's lock ran out (order.lock-expired): no payment
-- attempt is accepted for it from then on, so payments' answer (payment.window-closed, once no
-- attempt is open) stays true. An order.lock-expired may arrive before its order.created: the
-- row is then made from it (closeOrderReplica).
ALTER TABLE orders ADD COLUMN closed_at timestamptz;

-- Down Migration
ALTER TABLE orders DROP COLUMN closed_at;
