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

/** Redis's default (10) checks blocking timeouts every 100 ms; see warnIfCoarseTimers. */
export const RECOMMENDED_HZ = 100;

/**
 * A delayed job falls due when the worker's blocking pop times out, and Redis notices timeouts
 * `hz` times a second: at the default hz 10 a lock ends up to 100 ms late, at hz 100 within
 * ~15 ms (measured). Not our server to reconfigure, so say so; managed Redis may refuse CONFIG.
 */
export async function warnIfCoarseTimers(
  redis: Redis,
  logger: Logger,
): Promise<number | undefined> {
  try {
    const [, value] = (await redis.config("GET", "hz")) as [string, string];
    const hz = Number(value);
    if (hz < RECOMMENDED_HZ) {
      logger.warn(
        { hz, recommended: RECOMMENDED_HZ },
        `Redis runs at hz ${hz}: order locks may end up to ${Math.round(1000 / hz)} ms late; set hz ${RECOMMENDED_HZ} in redis.conf`,
      );
    }
    return hz;
  } catch {
    return undefined;
  }
}
