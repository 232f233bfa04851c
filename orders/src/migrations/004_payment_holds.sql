-- Up Migration
-- A payment attempt payments accepted before the lock ran out (payment.started) holds its order:
-- 'started' until Stripe answers, 'awaiting' while the buyer authenticates. While an attempt of
-- an order is started or awaiting, neither its buyer nor its lock running out cancels it; only
-- the attempt's end does (payment.created completes it, payment.failed lets it go).
ALTER TABLE payment_attempts DROP CONSTRAINT payment_attempts_status_check;
ALTER TABLE payment_attempts ADD CONSTRAINT payment_attempts_status_check
  CHECK (status IN ('started', 'awaiting', 'failed'));

-- Down Migration
DELETE FROM payment_attempts WHERE status = 'started';
ALTER TABLE payment_attempts DROP CONSTRAINT payment_attempts_status_check;
ALTER TABLE payment_attempts ADD CONSTRAINT payment_attempts_status_check
  CHECK (status IN ('awaiting', 'failed'));
