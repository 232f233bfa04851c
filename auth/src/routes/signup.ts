import { ConflictError, validateRequest } from "@microtickets/common";
import { Router } from "express";
import type { AuthDeps } from "../deps.js";
import { hashPassword } from "../domain/password.js";
import { setSessionCookie } from "../domain/session-cookie.js";
import { insertUser } from "../domain/users.js";
import { newPassword, validEmail } from "./credentials.js";

export function signupRouter({ db, signSession, session }: AuthDeps): Router {
  return Router().post(
    "/api/users/signup",
    validEmail,
    newPassword,
    validateRequest,
    async (req, res) => {
      const { email, password } = req.body as { email: string; password: string };
      const user = await insertUser(db, email, await hashPassword(password));
      if (!user) throw new ConflictError("Email in use");
      setSessionCookie(res, await signSession(user), session.secure, session.ttlSeconds);
      res.status(201).json(user);
    },
  );
}
