import type { Queryable } from "../db/pool.js";

/** A signed-out session: its id (the token's `jti`), whose, and when its token expires anyway. */
export interface SessionRevocation {
  sessionId: string;
  userId: string;
  expiresAt: string;
}

/**
 * The sessions signed out before their token expired, as this process knows them: every request
 * checks here, so a signed-out token is refused with no call to auth. An id is kept until its
 * token's expiry; after that the token is refused for being expired, and the id is forgotten.
 */
export class RevokedSessions {
  readonly #expiresAtMs = new Map<string, number>();
  #nextPruneMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  revoke(sessionId: string, expiresAtMs: number): void {
    if (expiresAtMs <= this.now()) return;
    this.#expiresAtMs.set(sessionId, expiresAtMs);
    this.#pruneNowAndThen();
  }

  isRevoked(sessionId: string): boolean {
    return this.#expiresAtMs.has(sessionId);
  }

  get size(): number {
    return this.#expiresAtMs.size;
  }

  /** At most once a minute, on a revocation: the map holds only tokens that are still valid. */
  #pruneNowAndThen() {
    const now = this.now();
    if (now < this.#nextPruneMs) return;
    this.#nextPruneMs = now + 60_000;
    for (const [sessionId, expiresAtMs] of this.#expiresAtMs) {
      if (expiresAtMs <= now) this.#expiresAtMs.delete(sessionId);
    }
  }
}

/**
 * Records a revocation in the service's own `revoked_sessions` (common migration 005), so it
 * outlives a restart; true if it was new. Idempotent: auth records it at sign-out and again when
 * its own event comes back.
 */
export async function recordRevocation(tx: Queryable, revocation: SessionRevocation) {
  const { rowCount } = await tx.query({
    name: "revoked-sessions-record",
    text: `INSERT INTO revoked_sessions (session_id, user_id, expires_at) VALUES ($1, $2, $3)
      ON CONFLICT (session_id) DO NOTHING`,
    values: [revocation.sessionId, revocation.userId, revocation.expiresAt],
  });
  return rowCount === 1;
}

/**
 * Adds what the table holds to `revoked`: everything still valid, or only what was recorded
 * since `sinceMs` (a catch-up). Returns when the read started, for the next catch-up's `sinceMs`.
 */
export async function loadRevocations(
  db: Queryable,
  revoked: RevokedSessions,
  sinceMs = 0,
): Promise<number> {
  const startedMs = Date.now();
  const { rows } = await db.query<{ session_id: string; expires_at: Date }>({
    name: "revoked-sessions-load",
    text: `SELECT session_id, expires_at FROM revoked_sessions
      WHERE expires_at > now() AND recorded_at >= $1`,
    values: [new Date(sinceMs)],
  });
  for (const row of rows) revoked.revoke(row.session_id, row.expires_at.getTime());
  return startedMs;
}

/** Whether the table holds the session: for auth, which answers from its own table at once. */
export async function isRecordedRevoked(db: Queryable, sessionId: string): Promise<boolean> {
  const { rowCount } = await db.query({
    name: "revoked-sessions-has",
    text: "SELECT 1 FROM revoked_sessions WHERE session_id = $1",
    values: [sessionId],
  });
  return rowCount === 1;
}
