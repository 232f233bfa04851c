-- Up Migration
-- Fair sales (CONTRACT.md, POST /api/orders): each buyer's order attempts in the current
-- window, one row per buyer, updated by one upsert per attempt. Unlogged: a rate counter is not
-- worth the WAL of every attempt, and losing it in a crash only opens every buyer's window anew.
CREATE UNLOGGED TABLE order_attempts (
  user_id           uuid PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  attempts          integer NOT NULL CHECK (attempts > 0)
);

-- The open orders a buyer holds, counted on every new order: only open orders are indexed, by
-- expiry, so the count reads just the buyer's orders still within their lock (at most
-- MAX_OPEN_ORDERS_PER_USER), however many orders the buyer has had.
CREATE INDEX orders_open_by_buyer ON orders (user_id, expires_at)
  WHERE status IN ('created', 'awaiting:payment');

-- Down Migration
DROP INDEX orders_open_by_buyer;
DROP TABLE order_attempts;
