import { Redis } from "ioredis";
import type { Logger } from "./logger.js";

const MAX_RECONNECT_DELAY_MS = 2_000;

export interface RedisOptions {
  /**
   * Commands wait out an outage instead of failing (`maxRetriesPerRequest: null`, which a
   * BullMQ worker requires). Off, a command fails after two reconnect attempts, so a request
   * that needs Redis answers 503 instead of hanging.
   */
  waitOutOutages?: boolean;
}

/** A Redis client that reconnects forever and logs its errors instead of crashing. */
export function connectRedis(
  url: string,
  name: string,
  logger: Logger,
  { waitOutOutages = false }: RedisOptions = {},
): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: waitOutOutages ? null : 2,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  });
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));
  return redis;
}

/**
 * For /readyz. A command sent while disconnected may wait for the reconnect, so a client that
 * is not connected answers "not ready" at once.
 */
export async function pingRedis(redis: Redis): Promise<void> {
  if (redis.status !== "ready") throw new Error(`redis connection is ${redis.status}`);
  await redis.ping();
}
