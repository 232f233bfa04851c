import { Subjects } from "@microtickets/common";
import { type EventLog, eventually, watchEvents } from "@microtickets/common/testing";
import { createPrivateRedisServer, type PrivateServer } from "@microtickets/dev-servers";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createExpirationTestApp,
  type ExpirationTestApp,
  inMs,
  orderCreated,
} from "../test-app.js";

describe("an expiration while Redis restarts", () => {
  let redisServer: PrivateServer;
  let service: ExpirationTestApp;
  let log: EventLog;

  beforeAll(async () => {
    redisServer = await createPrivateRedisServer();
    await redisServer.start();
    service = await createExpirationTestApp("redis_restart", { redisUrl: redisServer.url });
    log = await watchEvents(service.testBus);
  });

  afterAll(async () => {
    await log?.stop();
    await service?.close();
    await redisServer?.destroy();
  });

  it("is published once Redis is back when it fell due meanwhile", {
    timeout: 30_000,
  }, async () => {
    const expiresAt = inMs(1_000);
    const order = orderCreated(expiresAt);
    await service.publish(order);
    await eventually(() => service.queue.getJob(order.data.id));

    await redisServer.stop();
    const down = await request(service.app).get("/readyz");
    // Not a sleep for something to happen: the point is that the moment passes during the outage.
    await eventually(() => Date.now() > expiresAt.getTime() + 200);
    await redisServer.start();

    expect(down.status).toBe(503);
    expect(down.body.checks.redis).toMatch(/^redis connection is /);
    const event = await log.waitFor(
      Subjects.ExpirationComplete,
      (data: { orderId: string }) => data.orderId === order.data.id,
      { timeoutMs: 10_000 },
    );
    expect(Date.parse(event.occurredAt)).toBeGreaterThanOrEqual(expiresAt.getTime());
    await eventually(async () => (await request(service.app).get("/readyz")).status === 200);
  });
});
