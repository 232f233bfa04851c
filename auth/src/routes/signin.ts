import { BadRequestError, validateRequest } from "@microtickets/common";
import { Router } from "express";
import type { AuthDeps } from "../deps.js";
import { decoyHash, verifyPassword } from "../domain/password.js";
import { setSessionCookie } from "../domain/session-cookie.js";
import { findUserByEmail, normalizeEmail } from "../domain/users.js";
import { suppliedPassword, validEmail } from "./credentials.js";

export function signinRouter({ db, limiter, signSession, session }: AuthDeps): Router {
  return Router().post(
    "/api/users/signin",
    validEmail,
    suppliedPassword,
    validateRequest,
    async (req, res) => {
      const { password } = req.body as { password: string };
      const email = normalizeEmail(req.body.email as string);
      const ip = req.ip ?? "unknown";
      await limiter.assertAllowed(email, ip);

      const user = await findUserByEmail(db, email);
      // Same work and same answer for an unknown email as for a wrong password.
      const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
      if (!user || !valid) {
        await limiter.recordFailure(email, ip);
        throw new BadRequestError("Invalid credentials");
      }

      await limiter.recordSuccess(email);
      const current = { id: user.id, email: user.email };
      setSessionCookie(res, await signSession(current), session.secure, session.ttlSeconds);
      res.status(200).json(current);
    },
  );
}
