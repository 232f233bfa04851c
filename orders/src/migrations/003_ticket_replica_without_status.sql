-- Up Migration
-- The replica's ticket status was written from ticket.updated and never read: orders decides
-- whether a ticket can be ordered from its own open orders, not from a copy that lags.
ALTER TABLE tickets DROP COLUMN status;

-- Down Migration
ALTER TABLE tickets ADD COLUMN status text NOT NULL DEFAULT 'available'
  CHECK (status IN ('available', 'reserved', 'sold'));
