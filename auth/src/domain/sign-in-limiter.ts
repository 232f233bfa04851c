import { DependencyUnavailableError, TooManyRequestsError } from "@microtickets/common";
import type { Redis } from "ioredis";
import { RateLimiterRedis, type RateLimiterRes } from "rate-limiter-flexible";

export interface SignInLimits {
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
  keyPrefix: string;
}

/**
 * Counts failed sign-ins per email and per client IP in Redis, so the limit holds across
 * replicas. A blocked caller is refused before the password is even checked.
 */
export class SignInLimiter {
  private readonly byEmail: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;

  constructor(redis: Redis, limits: SignInLimits) {
    const common = { storeClient: redis, duration: limits.windowSeconds };
    this.byEmail = new RateLimiterRedis({
      ...common,
      keyPrefix: `${limits.keyPrefix}signin-email`,
      points: limits.maxFailuresPerEmail,
    });
    this.byIp = new RateLimiterRedis({
      ...common,
      keyPrefix: `${limits.keyPrefix}signin-ip`,
      points: limits.maxFailuresPerIp,
    });
  }

  /** Throws 429 with Retry-After when either budget is spent. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [emailState, ipState] = await unlessRedisDown(
      Promise.all([this.byEmail.get(email), this.byIp.get(ip)]),
    );
    const blocked = [
      [emailState, this.byEmail.points],
      [ipState, this.byIp.points],
    ] as const;
    for (const [state, points] of blocked) {
      if (state && state.consumedPoints >= points) {
        throw new TooManyRequestsError(state.msBeforeNext / 1000);
      }
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    // consume() rejects once over the limit; the count is what matters here.
    const spend = (limiter: RateLimiterRedis, key: string) =>
      limiter.consume(key).catch((result: RateLimiterRes | Error) => {
        if (result instanceof Error) throw result;
      });
    await unlessRedisDown(Promise.all([spend(this.byEmail, email), spend(this.byIp, ip)]));
  }

  /** A successful sign-in clears the email's count (the IP's stays: it guards many emails). */
  async recordSuccess(email: string): Promise<void> {
    await unlessRedisDown(this.byEmail.delete(email));
  }
}

/**
 * Without Redis the limits cannot be checked: refuse sign-ins with a 503 (fail closed) rather
 * than let unlimited guessing through or answer with a bare 500.
 */
async function unlessRedisDown<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Error) throw new DependencyUnavailableError();
    throw error;
  }
}
