import { isRecordedRevoked } from "@microtickets/common";
import { Router } from "express";
import type { AuthDeps } from "../deps.js";

/**
 * Auth answers from its own table, not only from the revocation list the other services keep
 * from the bus: a sign-out on one auth replica is seen by the next request to any other at once.
 */
export function currentUserRouter({ db }: AuthDeps): Router {
  return Router().get("/api/users/currentuser", async (req, res) => {
    const signedOut = req.currentSession && (await isRecordedRevoked(db, req.currentSession.id));
    res.json({ currentUser: (!signedOut && req.currentUser) || null });
  });
}
