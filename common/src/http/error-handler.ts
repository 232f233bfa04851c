import type { ErrorRequestHandler, RequestHandler } from "express";
import {
  BadRequestError,
  DependencyUnavailableError,
  HttpError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from "../errors/index.js";

/** Errors from body-parser carry a `type`; connection failures a `code`. */
interface TaggedError {
  type?: string;
  code?: string;
}

// The database or another dependency is unreachable: a fault of ours, but one the client may retry.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01", // admin_shutdown: PostgreSQL restarting
  "57P03", // cannot_connect_now
  "08006", // connection_failure
]);

const LOST_CONNECTION = /Connection terminated|connection error and is not queryable/;

function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  // A path segment Express cannot percent-decode (`%E0%A4%A`): no resource has that name.
  if (error instanceof URIError && (error as { status?: number }).status === 400) {
    return new NotFoundError();
  }
  const { type, code } = (error ?? {}) as TaggedError;
  switch (type) {
    case "entity.parse.failed":
      return new BadRequestError("Malformed JSON body");
    case "entity.too.large":
      return new PayloadTooLargeError();
    case "encoding.unsupported":
    case "charset.unsupported":
      return new UnsupportedMediaTypeError("Unsupported body encoding");
    case "request.aborted":
    case "request.size.invalid":
      return new BadRequestError("Incomplete request body");
  }
  // zlib's refusal of a body its Content-Encoding misdescribes (says gzip, deflate or br, is not).
  if (code?.startsWith("Z_") || code?.startsWith("ERR__")) {
    return new BadRequestError("The body is not encoded as its Content-Encoding says");
  }
  if (code && UNAVAILABLE_CODES.has(code)) return new DependencyUnavailableError();
  // pg's words for a connection lost mid-query, and for a client that lost it before (no code).
  if (error instanceof Error && LOST_CONNECTION.test(error.message)) {
    return new DependencyUnavailableError();
  }
  return undefined;
}

/** Unknown routes: 404 in the error shape (mounted after every router). */
export const notFound: RequestHandler = () => {
  throw new NotFoundError();
};

/**
 * The one place errors become responses: `{ errors: [{ message, field? }] }`. Anything we did
 * not expect is a 500 with a generic message; the details go to the log with the request id.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const httpError = toHttpError(error);
  if (res.headersSent) {
    req.log?.error({ err: error }, "error after response started");
    res.end();
    return;
  }
  if (httpError) {
    if (httpError.statusCode >= 500) req.log?.warn({ err: error }, httpError.message);
    res.status(httpError.statusCode).set(httpError.headers).json({ errors: httpError.serialize() });
    return;
  }
  req.log?.error({ err: error }, "unexpected error");
  res.status(500).json({ errors: [{ message: "Something went wrong" }] });
};
