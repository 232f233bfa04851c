-- Up Migration
-- Idempotency-Key records (IETF draft): the first response to a key is replayed to its retries.
-- status_code is null while the first request is still running.
CREATE TABLE idempotency_keys (
  user_id       uuid NOT NULL,
  route         text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status_code   integer,
  response_body jsonb,
  locked_at     timestamptz NOT NULL DEFAULT now(),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, route, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- Down Migration
DROP TABLE idempotency_keys;
