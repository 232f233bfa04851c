// What a service may use of common, named one by one (kept in path order: the folder says the
// concern). Anything not named here is common's own.

// The request's additions every service's routes use: `req.currentUser` (ours) and `req.log`
// (pino-http's), declared for whoever imports common, whether from source or from dist.
/// <reference types="pino-http" preserve="true" />
import "./http/types.js";

export { type Backoff, backoffDelay } from "./bus/connect.js";
export {
  type BatchHandler,
  durableName,
  type Handler,
  type IdempotentBatchHandler,
  type IdempotentHandler,
  startConsumer,
} from "./bus/consumer.js";
export { busEnv } from "./bus/env.js";
export { PoisonMessageError, RetryLaterError } from "./bus/errors.js";
export { idempotentListener, type Listener, listener } from "./bus/listener.js";
export {
  type LiveFeed,
  lastStreamSeq,
  openStreamReader,
  type StreamEntry,
  startLiveFeed,
} from "./bus/live-feed.js";
export { startOutboxRelay } from "./bus/outbox-relay.js";
export { publishEvent } from "./bus/publisher.js";
export type { BusConfig } from "./bus/stream.js";
export {
  apiEnv,
  ConfigError,
  databaseEnv,
  env,
  loadConfig,
  publicKeyBlocks,
  redisEnv,
  serviceConfig,
} from "./config.js";
export { databaseUrl, dropDatabase, ensureDatabase } from "./db/database.js";
export { addToOutbox, outboxAfter } from "./db/outbox.js";
export type { Pool, PoolClient, Queryable } from "./db/pool.js";
export { isPgError, PgErrorCode, withTransaction } from "./db/transaction.js";
export {
  BadRequestError,
  ConflictError,
  DependencyUnavailableError,
  type ErrorItem,
  ForbiddenError,
  HttpError,
  NotAuthenticatedError,
  NotFoundError,
  PayloadTooLargeError,
  PaymentRequiredError,
  TooManyRequestsError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors/index.js";
export {
  type DataOf,
  type Event,
  type EventDefinition,
  ExpirationComplete,
  envelopeSchema,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  OrderHeld,
  OrderLockExpired,
  PaymentActionRequired,
  PaymentCreated,
  PaymentFailed,
  PaymentRefunded,
  PaymentStarted,
  PaymentWindowClosed,
  SessionRevoked,
  type Subject,
  Subjects,
  TicketCreated,
  TicketUpdated,
} from "./events/index.js";
export { every } from "./every.js";
export { BODY_LIMIT } from "./http/create-app.js";
export { IDEMPOTENCY_HEADER, idempotency } from "./http/idempotency.js";
export { answerMalformedRequests } from "./http/malformed-requests.js";
export { requireAuth, signedInUser } from "./http/require-auth.js";
export { illFormedTextAt } from "./http/require-well-formed-text.js";
export {
  isRecordedRevoked,
  RevokedSessions,
  recordRevocation,
  type SessionRevocation,
} from "./http/revoked-sessions.js";
export {
  type CurrentUser,
  SESSION_ALGORITHM,
  SESSION_AUDIENCE,
  SESSION_COOKIE,
  SESSION_ISSUER,
  type SessionPublicKeys,
  sessionKeyId,
} from "./http/session.js";
export { validateRequest } from "./http/validate-request.js";
export { isUuid, uuidFromName } from "./ids.js";
export { createLogger, type Logger } from "./logger.js";
export { centsToDollars, dollarsToCents } from "./money.js";
export type { ReadinessChecks } from "./ops/health.js";
export { connectRedis, type RedisOptions } from "./redis.js";
export {
  type Bus,
  defineService,
  type Job,
  type Resource,
  type ServiceContext,
  type ServiceDefinition,
  type ServiceParts,
  type Stop,
} from "./service/define-service.js";
export { closeServer } from "./service/http-server.js";
export { runService } from "./service/run-service.js";
export {
  type RunningService,
  type StartServiceOptions,
  startService,
} from "./service/start-service.js";
export type { Transition } from "./transition.js";
