import { Router } from "express";
import type { AuthDeps } from "../deps.js";
import { clearSessionCookie } from "../domain/session-cookie.js";

export function signoutRouter({ session }: AuthDeps): Router {
  return Router().post("/api/users/signout", (_req, res) => {
    clearSessionCookie(res, session.secure);
    res.status(200).json({});
  });
}
