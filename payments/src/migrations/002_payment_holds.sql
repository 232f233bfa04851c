-- Up Migration
-- When orders confirmed (order.held) that it holds the attempt's order: neither its buyer nor
-- its lock running out cancels it until the attempt ends. Nothing is charged before that, so a
-- charge is never for an order that was cancelled meanwhile.
ALTER TABLE payments ADD COLUMN held_at timestamptz;

-- Down Migration
ALTER TABLE payments DROP COLUMN held_at;
