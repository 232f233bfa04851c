import type { RequestHandler } from "express";
import { SESSION_COOKIE, type SessionPublicKey, verifySessionToken } from "./session.js";

/** Sets `req.currentUser` when the session cookie holds a valid token; never rejects. */
export function currentUser(publicKey: SessionPublicKey): RequestHandler {
  return async (req, _res, next) => {
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof token === "string" && token.length > 0) {
      req.currentUser = (await verifySessionToken(token, publicKey)) ?? undefined;
    }
    next();
  };
}
