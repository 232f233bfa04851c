import {
  addToOutbox,
  recordRevocation,
  SessionRevoked,
  signedInUser,
  withTransaction,
} from "@microtickets/common";
import { Router } from "express";
import type { AuthDeps } from "../deps.js";
import { clearSessionCookie } from "../domain/session-cookie.js";

/**
 * Ends the session everywhere, not only in this browser: the revocation is recorded here and
 * announced (`session.revoked`) in one transaction, so every service hears of it if and only if
 * it is recorded. Without a valid session there is nothing to end but the cookie.
 */
export function signoutRouter({ db, session }: AuthDeps): Router {
  return Router().post("/api/users/signout", async (req, res) => {
    const ending = req.currentSession;
    if (ending) {
      const revocation = {
        sessionId: ending.id,
        userId: signedInUser(req).id,
        expiresAt: new Date(ending.expiresAtMs).toISOString(),
      };
      await withTransaction(db, async (tx) => {
        // A second sign-out of the same token (a retry) announces nothing new.
        if (await recordRevocation(tx, revocation)) {
          await addToOutbox(tx, SessionRevoked.build(revocation));
        }
      });
      req.log.info({ sessionId: ending.id }, "signed out");
    }
    clearSessionCookie(res, session.secure);
    res.status(200).json({});
  });
}
