/**
 * Thrown by a handler for an event that can never be applied, however often it is retried
 * (it contradicts what this service knows). The consumer dead-letters it at once instead of
 * spending its retries.
 */
export class PoisonMessageError extends Error {
  override name = "PoisonMessageError";
}

/**
 * Thrown by a handler for an event that arrived before one it depends on (a version gap: a
 * ticket's update before its creation). It is redelivered soon and often, because what it
 * waits for is normally milliseconds behind, and dead-lettered only after `maxWaits` tries.
 */
export class RetryLaterError extends Error {
  override name = "RetryLaterError";
}
