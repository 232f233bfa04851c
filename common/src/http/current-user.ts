import type { RequestHandler } from "express";
import type { RevokedSessions } from "./revoked-sessions.js";
import {
  SESSION_COOKIE,
  type SessionPublicKeys,
  type VerifiedSession,
  verifySession,
} from "./session.js";

// A signed-in buyer sends the same token with every request: checking its signature once per
// token, not per request, takes the largest CPU cost off the hot path. Keyed by the whole
// token, so only the exact bytes that verified hit; bounded, oldest first out.
const CACHED_SESSIONS = 10_000;

export interface CurrentUserOptions {
  /** Every key auth publishes, by kid. */
  keys: SessionPublicKeys;
  /** Sessions signed out before their expiry: their tokens are nobody's, cached or not. */
  revoked?: RevokedSessions;
}

/**
 * Sets `req.currentUser` (and `req.currentSession`) when the session cookie holds a valid token
 * of a session not signed out; never rejects.
 */
export function currentUser({ keys, revoked }: CurrentUserOptions): RequestHandler {
  const verified = new Map<string, VerifiedSession>();

  async function sessionOf(token: string): Promise<VerifiedSession | undefined> {
    const now = Date.now();
    const cached = verified.get(token);
    if (cached && cached.expiresAtMs > now) return cached;
    if (cached) verified.delete(token);
    const session = await verifySession(token, keys);
    if (!session) return undefined;
    if (verified.size >= CACHED_SESSIONS) {
      const oldest = verified.keys().next().value;
      if (oldest !== undefined) verified.delete(oldest);
    }
    verified.set(token, session);
    return session;
  }

  return async (req, _res, next) => {
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof token === "string" && token.length > 0) {
      const session = await sessionOf(token);
      // Checked on every request, after the cache: a revocation applies to a token that was
      // verified before it.
      if (session && !revoked?.isRevoked(session.sessionId)) {
        req.currentUser = session.user;
        req.currentSession = { id: session.sessionId, expiresAtMs: session.expiresAtMs };
      }
    }
    next();
  };
}
