-- Up Migration
-- A claim on an Idempotency-Key is a short lease its request renews while it runs (locked_at is
-- its last renewal); a retry that finds the lease run out takes the key over. lease_token names
-- the holder, fencing every later write: a holder that was taken over (it stalled or lost its
-- database for longer than the lease) can neither renew nor record its late answer over the
-- new holder's. Null on rows from before this column: they are answered or past their lease.
ALTER TABLE idempotency_keys ADD COLUMN lease_token uuid;

-- Down Migration
ALTER TABLE idempotency_keys DROP COLUMN lease_token;
