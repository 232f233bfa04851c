import {
  type BusConfig,
  backoffDelay,
  ExpirationComplete,
  type Logger,
  publishEvent,
} from "@microtickets/common";
import type { JetStreamClient } from "@nats-io/jetstream";
import { type BackoffStrategy, type Processor, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { recordPublished, recordPublishFailure } from "./expiration-metrics.js";
import {
  CAPPED_BACKOFF,
  type ExpirationJobData,
  type JOB_NAME,
  PUBLISH_RETRY,
  QUEUE_NAME,
} from "./expiration-queue.js";

export type ExpirationWorker = Worker<ExpirationJobData, void, typeof JOB_NAME>;

export interface ExpirationWorkerOptions {
  /** Duplicated by BullMQ for the worker's own connections, which it closes with the worker. */
  connection: Redis;
  prefix: string;
  js: JetStreamClient;
  bus: BusConfig;
  logger: Logger;
  /** Jobs published at once: many orders may end in the same second. */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 20;
// Each stall means a worker died mid-publish; a crash loop of the process must not fail the
// job, because a failed job is an order whose ticket stays locked until someone steps in.
const MAX_STALLED_COUNT = 100;

/** The retry delays of a job whose publish failed: `PUBLISH_RETRY`, doubling and capped. */
export const cappedBackoff: BackoffStrategy = (attemptsMade, type) => {
  if (type !== CAPPED_BACKOFF) throw new Error(`unknown backoff strategy "${type}"`);
  return backoffDelay(attemptsMade, PUBLISH_RETRY);
};

/**
 * Publishes the job's `expiration.complete` and waits for JetStream to store it. A failure
 * throws, so the job is retried with its backoff and never completes without publishing;
 * every retry carries the same event id, which JetStream's duplicate window stores once.
 */
export function publishExpiration(
  js: JetStreamClient,
  bus: BusConfig,
  logger: Logger,
): Processor<ExpirationJobData, void, typeof JOB_NAME> {
  return async (job) => {
    const { orderId, eventId, expiresAt } = job.data;
    const parsed = ExpirationComplete.schema.safeParse({ orderId });
    if (!parsed.success) {
      // No retry can publish it; it stays in the failed set for someone to look at.
      throw new UnrecoverableError(`job ${job.id} carries no valid order id: ${orderId}`);
    }
    const event = ExpirationComplete.buildWithId(eventId, parsed.data);
    const ack = await publishEvent(js, bus, event);
    recordPublished(expiresAt, Date.now());
    logger.info(
      { orderId, eventId, expiresAt, seq: ack.seq, duplicate: ack.duplicate },
      "expiration published",
    );
  };
}

/** The consumer side: publishes each order's expiration when its job is due. */
export function startExpirationWorker({
  connection,
  prefix,
  js,
  bus,
  logger,
  concurrency = DEFAULT_CONCURRENCY,
}: ExpirationWorkerOptions): ExpirationWorker {
  const worker: ExpirationWorker = new Worker(QUEUE_NAME, publishExpiration(js, bus, logger), {
    connection,
    prefix,
    concurrency,
    maxStalledCount: MAX_STALLED_COUNT,
    settings: { backoffStrategy: cappedBackoff },
  });
  worker.on("failed", (job, error) => {
    recordPublishFailure();
    const context = {
      err: error,
      orderId: job?.data.orderId,
      eventId: job?.data.eventId,
      attempts: job?.attemptsMade,
    };
    const gaveUp =
      !job || error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (gaveUp) logger.error(context, "an expiration was never published, its job failed");
    else logger.warn(context, "publishing an expiration failed, will retry");
  });
  worker.on("stalled", (jobId) => {
    logger.warn({ orderId: jobId }, "an expiration's worker stopped mid-publish, job re-queued");
  });
  worker.on("error", (error) => logger.warn({ err: error }, "expiration worker error"));
  return worker;
}
