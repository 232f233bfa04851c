import { DependencyUnavailableError } from "@microtickets/common";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { SignInLimiter } from "./sign-in-limiter.js";

describe("the sign-in limiter", () => {
  // Port 1 never answers: Redis is down.
  const down = new Redis({
    port: 1,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  afterAll(() => down.disconnect());

  it("refuses sign-ins with 503 when Redis is down instead of letting guesses through", async () => {
    const limiter = new SignInLimiter(down, {
      maxFailuresPerEmail: 5,
      maxFailuresPerIp: 100,
      windowSeconds: 900,
      keyPrefix: "down:",
    });
    await expect(limiter.assertAllowed("a@b.co", "10.0.0.1")).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
    await expect(limiter.recordFailure("a@b.co", "10.0.0.1")).rejects.toBeInstanceOf(
      DependencyUnavailableError,
    );
  });
});
