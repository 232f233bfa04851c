/**
 * Thrown by a handler for an event that can never be applied, however often it is retried
 * (it contradicts what this service knows). The consumer dead-letters it at once instead of
 * spending its retries.
 */
export class PoisonMessageError extends Error {
  override name = "PoisonMessageError";
}
