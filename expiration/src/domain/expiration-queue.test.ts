import { randomUUID } from "node:crypto";
import { connectRedis, createLogger } from "@microtickets/common";
import { testRedisUrl } from "@microtickets/common/testing";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cancelExpiration,
  createExpirationQueue,
  delayUntil,
  type ExpirationQueue,
  expirationEventId,
  jobIdFor,
  PUBLISH_ATTEMPTS,
  queuePrefixFrom,
  scheduleExpiration,
  scheduleExpirations,
} from "./expiration-queue.js";

describe("naming and timing of expiration jobs", () => {
  it.each([
    ["expiration:", "expiration"],
    ["ns1:expiration:", "ns1:expiration"],
    ["expiration", "expiration"],
  ])("derives BullMQ's prefix %s → %s", (keyPrefix, prefix) => {
    expect(queuePrefixFrom(keyPrefix)).toBe(prefix);
  });

  it("uses the order id as the job id and refuses one with a colon", () => {
    const orderId = randomUUID();
    expect(jobIdFor(orderId)).toBe(orderId);
    expect(() => jobIdFor("orders:42")).toThrow(/cannot contain ":"/);
  });

  it("waits until expiresAt, and not at all for a lock that ended already", () => {
    const now = Date.parse("2030-01-01T12:00:00.000Z");
    expect(delayUntil(new Date("2030-01-01T12:15:00.000Z"), now)).toBe(15 * 60_000);
    expect(delayUntil(new Date("2030-01-01T11:59:00.000Z"), now)).toBe(0);
  });
});

describe("the expiration queue", () => {
  let redis: Redis;
  let queue: ExpirationQueue;
  const prefix = `test:expiration:queue:${randomUUID()}`;

  beforeAll(() => {
    const logger = createLogger("expiration-queue-test");
    redis = connectRedis(testRedisUrl(), "expiration", logger, { waitOutOutages: true });
    queue = createExpirationQueue({ connection: redis, prefix, logger });
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    const leftovers = (await redis?.keys(`${prefix}:*`)) ?? [];
    if (leftovers.length > 0) await redis.del(...leftovers);
    await redis?.quit();
  });

  it("schedules a delayed job due exactly at expiresAt, retried and removed once done", async () => {
    const orderId = randomUUID();
    const now = Date.now();
    const expiresAt = new Date(now + 15 * 60_000);

    await scheduleExpiration(queue, { id: orderId, expiresAt: expiresAt.toISOString() }, now);

    const job = await queue.getJob(orderId);
    expect(job?.id).toBe(orderId);
    expect(await job?.getState()).toBe("delayed");
    expect((job?.timestamp ?? 0) + (job?.delay ?? 0)).toBe(expiresAt.getTime());
    expect(job?.data).toEqual({
      orderId,
      eventId: expirationEventId(orderId),
      expiresAt: expiresAt.toISOString(),
    });
    expect(job?.opts).toMatchObject({
      attempts: PUBLISH_ATTEMPTS,
      removeOnComplete: true,
      removeOnFail: false,
    });
  });

  it("names each order's expiration event by the order: one stable UUID per order", () => {
    const orderId = randomUUID();
    const eventId = expirationEventId(orderId);
    expect(eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(expirationEventId(orderId)).toBe(eventId);
    expect(expirationEventId(randomUUID())).not.toBe(eventId);
  });

  it("keeps the first job, and its event id, when the same order is scheduled again", async () => {
    const order = { id: randomUUID(), expiresAt: new Date(Date.now() + 60_000).toISOString() };
    await scheduleExpiration(queue, order);
    const first = await queue.getJob(order.id);

    await scheduleExpiration(queue, { ...order, expiresAt: new Date().toISOString() });

    const kept = await queue.getJob(order.id);
    expect(kept?.data).toEqual(first?.data);
    expect(await kept?.getState()).toBe("delayed");
  });

  it("schedules several orders at once, each due at its expiresAt, an existing job kept", async () => {
    const now = Date.now();
    const existing = { id: randomUUID(), expiresAt: new Date(now + 60_000).toISOString() };
    await scheduleExpiration(queue, existing, now);
    const fresh = [1, 2, 3].map((minutes) => ({
      id: randomUUID(),
      expiresAt: new Date(now + minutes * 60_000).toISOString(),
    }));

    await scheduleExpirations(
      queue,
      [...fresh, { ...existing, expiresAt: new Date(now).toISOString() }],
      now,
    );

    for (const order of fresh) {
      const job = await queue.getJob(order.id);
      expect(await job?.getState()).toBe("delayed");
      expect((job?.timestamp ?? 0) + (job?.delay ?? 0)).toBe(Date.parse(order.expiresAt));
    }
    const kept = await queue.getJob(existing.id);
    expect(kept?.data.expiresAt).toBe(existing.expiresAt);
  });

  it("removes the job of a finished order, and takes an unknown order as removed", async () => {
    const order = { id: randomUUID(), expiresAt: new Date(Date.now() + 60_000).toISOString() };
    await scheduleExpiration(queue, order);

    expect(await cancelExpiration(queue, order.id)).toBe(true);
    expect(await queue.getJob(order.id)).toBeUndefined();
    expect(await cancelExpiration(queue, randomUUID())).toBe(true);
  });

  it("keeps every key under the service's prefix", async () => {
    const keys = await redis.keys(`${prefix}:*`);

    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith(`${prefix}:order-expiration:`))).toBe(true);
  });
});
