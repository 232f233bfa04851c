import type { Logger } from "@microtickets/common";
import type { Redis } from "ioredis";

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
