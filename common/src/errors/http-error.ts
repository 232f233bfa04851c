export interface ErrorItem {
  message: string;
  field?: string;
}

/**
 * An error a client caused or should know about. The error handler turns it into
 * `{ errors: [{ message, field? }] }` with its status code; anything else is a 500.
 */
export abstract class HttpError extends Error {
  abstract readonly statusCode: number;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string> = {};

  serialize(): ErrorItem[] {
    return [{ message: this.message }];
  }
}
