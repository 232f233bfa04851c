import type { CurrentUser } from "./session.js";

declare global {
  namespace Express {
    interface Request {
      currentUser?: CurrentUser;
      /** The session the token belongs to (its `jti`) and its token's expiry, with `currentUser`. */
      currentSession?: { id: string; expiresAtMs: number };
    }
  }
}
