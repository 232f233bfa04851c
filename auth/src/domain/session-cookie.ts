import { SESSION_COOKIE } from "@microtickets/common";
import type { CookieOptions, Response } from "express";

export function sessionCookieOptions(secure: boolean, ttlSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    ...(ttlSeconds ? { maxAge: ttlSeconds * 1000 } : {}),
  };
}

export function setSessionCookie(
  res: Response,
  token: string,
  secure: boolean,
  ttlSeconds: number,
) {
  res.cookie(SESSION_COOKIE, token, sessionCookieOptions(secure, ttlSeconds));
}

export function clearSessionCookie(res: Response, secure: boolean) {
  res.clearCookie(SESSION_COOKIE, sessionCookieOptions(secure));
}
