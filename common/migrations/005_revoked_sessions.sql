-- Up Migration
-- Sessions signed out before their token expired (event session.revoked), in every service that
-- verifies sessions: loaded at start, so a signed-out token stays refused across a restart. A
-- row is needed only until expires_at; after that the token is refused for being expired.
CREATE TABLE revoked_sessions (
  session_id  uuid PRIMARY KEY,
  user_id     uuid NOT NULL,
  expires_at  timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revoked_sessions_expires_at ON revoked_sessions (expires_at);
CREATE INDEX revoked_sessions_recorded_at ON revoked_sessions (recorded_at);

-- Down Migration
DROP TABLE revoked_sessions;
