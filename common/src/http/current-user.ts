import type { RequestHandler } from "express";
import {
  type CurrentUser,
  SESSION_COOKIE,
  type SessionPublicKey,
  type VerifiedSession,
  verifySession,
} from "./session.js";

// A signed-in buyer sends the same token with every request: checking its signature once per
// token, not per request, takes the largest CPU cost off the hot path. Keyed by the whole
// token, so only the exact bytes that verified hit; bounded, oldest first out.
const CACHED_SESSIONS = 10_000;

/** Sets `req.currentUser` when the session cookie holds a valid token; never rejects. */
export function currentUser(publicKey: SessionPublicKey): RequestHandler {
  const verified = new Map<string, VerifiedSession>();

  async function userOf(token: string): Promise<CurrentUser | undefined> {
    const now = Date.now();
    const cached = verified.get(token);
    if (cached && cached.expiresAtMs > now) return cached.user;
    if (cached) verified.delete(token);
    const session = await verifySession(token, publicKey);
    if (!session) return undefined;
    if (verified.size >= CACHED_SESSIONS) {
      const oldest = verified.keys().next().value;
      if (oldest !== undefined) verified.delete(oldest);
    }
    verified.set(token, session);
    return session.user;
  }

  return async (req, _res, next) => {
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof token === "string" && token.length > 0) req.currentUser = await userOf(token);
    next();
  };
}
