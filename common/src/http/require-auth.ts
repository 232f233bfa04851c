import type { Request, RequestHandler } from "express";
import { NotAuthenticatedError } from "../errors/index.js";
import type { CurrentUser } from "./session.js";

export const requireAuth: RequestHandler = (req, _res, next) => {
  if (!req.currentUser) throw new NotAuthenticatedError();
  next();
};

/** The signed-in user, for handlers behind `requireAuth`. */
export function signedInUser(req: Request): CurrentUser {
  if (!req.currentUser) throw new NotAuthenticatedError();
  return req.currentUser;
}
