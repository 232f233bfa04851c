-- Up Migration
-- Events a consumer has applied, recorded in the transaction that applied them:
-- a redelivery finds its id here and changes nothing.
CREATE TABLE inbox (
  consumer     text NOT NULL,
  event_id     uuid NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Messages a consumer gave up on, with the reason, for an operator to inspect and replay.
CREATE TABLE dead_letters (
  id          bigserial PRIMARY KEY,
  consumer    text NOT NULL,
  subject     text NOT NULL,
  event_id    text,
  deliveries  integer NOT NULL,
  reason      text NOT NULL,
  payload     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE dead_letters;
DROP TABLE inbox;
