import { type ErrorItem, HttpError } from "./http-error.js";

export { type ErrorItem, HttpError } from "./http-error.js";

export class ValidationError extends HttpError {
  readonly statusCode = 400;
  constructor(readonly items: ErrorItem[]) {
    super(items.map((item) => item.message).join("; ") || "Invalid request");
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ message, field }]);
  }
  override serialize(): ErrorItem[] {
    return this.items;
  }
}

export class BadRequestError extends HttpError {
  readonly statusCode = 400;
}

export class NotAuthenticatedError extends HttpError {
  readonly statusCode = 401;
  constructor(message = "Not signed in") {
    super(message);
  }
}

export class ForbiddenError extends HttpError {
  readonly statusCode = 403;
  constructor(message = "Not allowed") {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  readonly statusCode = 404;
  constructor(message = "Not found") {
    super(message);
  }
}

export class ConflictError extends HttpError {
  readonly statusCode = 409;
}

export class PaymentRequiredError extends HttpError {
  readonly statusCode = 402;
}

export class PayloadTooLargeError extends HttpError {
  readonly statusCode = 413;
  constructor(message = "Request body too large") {
    super(message);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  readonly statusCode = 415;
  constructor(message = "Content-Type must be application/json") {
    super(message);
  }
}

export class UnprocessableError extends HttpError {
  readonly statusCode = 422;
}

export class TooManyRequestsError extends HttpError {
  readonly statusCode = 429;
  constructor(retryAfterSeconds: number, message = "Too many attempts, try again later") {
    super(message);
    this.headers["Retry-After"] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

/** A dependency (database, NATS, Stripe) is unreachable: the client may retry. */
export class DependencyUnavailableError extends HttpError {
  readonly statusCode = 503;
  constructor(message = "Service temporarily unavailable") {
    super(message);
  }
}
