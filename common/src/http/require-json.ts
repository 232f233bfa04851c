import type { RequestHandler } from "express";
import { UnsupportedMediaTypeError } from "../errors/index.js";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Mutating routes take JSON only. A request without a body (a signout, a DELETE) passes:
 * `req.is` answers null when there is no body, and an empty one is sent as Content-Length: 0.
 */
export const requireJson: RequestHandler = (req, _res, next) => {
  const empty = req.headers["content-length"] === "0";
  if (MUTATING.has(req.method) && !empty && req.is("application/json") === false) {
    throw new UnsupportedMediaTypeError();
  }
  next();
};
