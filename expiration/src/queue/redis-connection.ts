import type { Logger } from "@microtickets/common";
import { Redis } from "ioredis";

const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The Redis client of the queue; the worker duplicates it for its own connections. It
 * reconnects forever, and its commands wait out an outage instead of failing
 * (`maxRetriesPerRequest: null`, which BullMQ requires of a worker's blocking connection): a
 * restarting Redis then delays an `order.created` rather than spending its deliveries until
 * it is dead-lettered, which would leave the order without an expiration.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    connectionName: "expiration",
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  });
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  return redis;
}

/**
 * For /readyz. A command sent while disconnected would wait for the reconnect (see above), so
 * a client that is not connected answers "not ready" at once.
 */
export async function pingRedis(redis: Redis): Promise<void> {
  if (redis.status !== "ready") throw new Error(`redis connection is ${redis.status}`);
  await redis.ping();
}
