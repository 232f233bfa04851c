import { testRedisUrl } from "@microtickets/common/testing";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { RECOMMENDED_HZ, warnIfCoarseTimers } from "./redis-timers.js";

describe("the Redis timer check at start", () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());

  it("warns, naming the setting, exactly when Redis checks timeouts less often than 100 times a second", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
    const [, configured] = (await redis.config("GET", "hz")) as [string, string];

    const hz = await warnIfCoarseTimers(redis, logger);

    expect(hz).toBe(Number(configured));
    expect(lines.length > 0).toBe(Number(configured) < RECOMMENDED_HZ);
    for (const line of lines) expect(line).toMatch(/set hz 100 in redis\.conf/);
  });
});
