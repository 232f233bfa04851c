/**
 * A problem the user fixes (a missing program, a port in use, a second instance): printed as
 * its message alone, without a stack trace, and the process exits 1.
 */
export class SetupError extends Error {
  override name = "SetupError";
}
