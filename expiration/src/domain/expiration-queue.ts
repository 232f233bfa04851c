import { type Backoff, type Logger, uuidFromName } from "@microtickets/common";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** One queue for every order's expiration; BullMQ forbids ":" in the name. */
export const QUEUE_NAME = "order-expiration";
export const JOB_NAME = "expire-order";

export interface ExpirationJobData {
  orderId: string;
  /** The id of the `expiration.complete` this job publishes: see expirationEventId. */
  eventId: string;
  /** ISO 8601; kept for the logs and the lateness metric. */
  expiresAt: string;
}

export type ExpirationQueue = Queue<ExpirationJobData, void, typeof JOB_NAME>;

/** The name of a backoff strategy the worker defines (`cappedBackoff`). */
export const CAPPED_BACKOFF = "capped-exponential";
/** A failed publish is retried after 100 ms, doubling up to 10 s: soon after NATS is back. */
export const PUBLISH_RETRY: Backoff = { initialMs: 100, maxMs: 10_000 };
/** At the 10 s cap, about 11 days of failing publishes before a job gives up (and stays failed). */
export const PUBLISH_ATTEMPTS = 100_000;

/**
 * BullMQ joins its prefix and the queue name with ":", so the service's key prefix
 * ("ns1:expiration:") loses its trailing colon: keys become "ns1:expiration:order-expiration:…".
 */
export function queuePrefixFrom(keyPrefix: string): string {
  return keyPrefix.replace(/:+$/, "");
}

/**
 * The order id is the job id: a redelivered `order.created` finds its job already there and
 * adds nothing, and a cancellation finds the job to remove without a lookup table.
 */
export function jobIdFor(orderId: string): string {
  // BullMQ would take "a:b:c" for a job key of another queue; order ids are UUIDs.
  if (orderId.includes(":")) throw new Error(`an order id cannot contain ":" (${orderId})`);
  return orderId;
}

/**
 * An order expires once, so its `expiration.complete` has one id, derived from the order id (a
 * name-based UUID, version 5): every retry of the job, and even a job re-added by an
 * `order.created` redelivered after the first one ran, publishes the same event, which
 * JetStream's duplicate window and orders' inbox drop.
 */
export function expirationEventId(orderId: string): string {
  return uuidFromName(`expiration.complete/${orderId}`);
}

/** Milliseconds from `now` until the lock ends; an order that expired already is due at once. */
export function delayUntil(expiresAt: Date, now: number): number {
  return Math.max(0, expiresAt.getTime() - now);
}

export interface CreateExpirationQueueOptions {
  connection: Redis;
  prefix: string;
  logger: Logger;
}

/** The producer side: listeners schedule and cancel through it. It shares the given client. */
export function createExpirationQueue({
  connection,
  prefix,
  logger,
}: CreateExpirationQueueOptions): ExpirationQueue {
  const queue: ExpirationQueue = new Queue(QUEUE_NAME, { connection, prefix });
  queue.on("error", (error) => logger.warn({ err: error }, "expiration queue error"));
  return queue;
}

export interface OrderLock {
  id: string;
  expiresAt: string;
}

/**
 * Adds the delayed job that ends the order's lock at `expiresAt`. Adding it again (a
 * redelivered event) keeps the first job, its time and its event id.
 */
export async function scheduleExpiration(
  queue: ExpirationQueue,
  order: OrderLock,
  now = Date.now(),
): Promise<void> {
  const { data, opts } = expirationJob(order, now);
  await queue.add(JOB_NAME, data, opts);
}

/** The same for several orders, in one round trip to Redis (BullMQ's addBulk). */
export async function scheduleExpirations(
  queue: ExpirationQueue,
  orders: readonly OrderLock[],
  now = Date.now(),
): Promise<void> {
  await queue.addBulk(orders.map((order) => ({ name: JOB_NAME, ...expirationJob(order, now) })));
}

function expirationJob(order: OrderLock, now: number) {
  const expiresAt = new Date(order.expiresAt);
  const data: ExpirationJobData = {
    orderId: order.id,
    eventId: expirationEventId(order.id),
    expiresAt: expiresAt.toISOString(),
  };
  const opts = {
    jobId: jobIdFor(order.id),
    // Due at `timestamp + delay`: with the same `now` on both sides, exactly at expiresAt.
    timestamp: now,
    delay: delayUntil(expiresAt, now),
    attempts: PUBLISH_ATTEMPTS,
    backoff: { type: CAPPED_BACKOFF },
    // Frees the order id at once and keeps Redis from filling up with finished orders.
    removeOnComplete: true,
    // A job that somehow ran out of attempts stays in the failed set, for someone to look at.
    removeOnFail: false,
  };
  return { data, opts };
}

/**
 * Removes the order's job. False when it could not be removed because a worker is publishing
 * it right now: then `expiration.complete` goes out anyway, and orders ignores it for an order
 * that is already cancelled or complete. An order without a job counts as removed.
 */
export async function cancelExpiration(queue: ExpirationQueue, orderId: string): Promise<boolean> {
  return (await queue.remove(jobIdFor(orderId))) === 1;
}
