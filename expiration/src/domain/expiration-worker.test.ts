import { randomUUID } from "node:crypto";
import { type DataOf, type ExpirationComplete, Subjects } from "@microtickets/common";
import { type EventLog, eventually, watchEvents } from "@microtickets/common/testing";
import { createPrivateNatsServer, type PrivateServer } from "@microtickets/dev-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createExpirationTestApp,
  type ExpirationTestApp,
  inMs,
  orderCreated,
} from "../test-app.js";
import { CAPPED_BACKOFF, JOB_NAME, PUBLISH_ATTEMPTS, PUBLISH_RETRY } from "./expiration-queue.js";
import { cappedBackoff } from "./expiration-worker.js";

type Expired = DataOf<typeof ExpirationComplete>;

const isExpirationOf = (orderId: string) => (data: Expired) => data.orderId === orderId;

describe("the retry delay of a failed publish", () => {
  it("doubles from 100 ms and stops growing at 10 s", () => {
    const delays = [1, 2, 3, 7, 8, 50].map((attempt) => cappedBackoff(attempt, CAPPED_BACKOFF));

    expect(delays).toEqual([100, 200, 400, 6_400, PUBLISH_RETRY.maxMs, PUBLISH_RETRY.maxMs]);
  });

  it("refuses a strategy it does not know", () => {
    expect(() => cappedBackoff(1, "linear")).toThrow(/unknown backoff strategy/);
  });
});

describe("an expiration whose worker restarts", () => {
  let service: ExpirationTestApp;
  let log: EventLog;

  beforeAll(async () => {
    service = await createExpirationTestApp("worker_restart");
    log = service.events;
  });

  afterAll(async () => {
    await service?.close();
  });

  it("is published by the next worker when it fell due while no worker ran", async () => {
    const expiresAt = inMs(1_000);
    const order = orderCreated(expiresAt);
    await service.publish(order);
    await eventually(() => service.queue.getJob(order.data.id));

    await service.jobs.stop();
    // Not a sleep for something to happen: the point is that the moment passes unattended.
    await eventually(() => Date.now() > expiresAt.getTime() + 200);
    expect(await service.queue.getJobState(order.data.id)).toBe("delayed");
    expect(log.all()).toEqual([expect.objectContaining({ subject: Subjects.OrderCreated })]);
    service.jobs.start();

    const event = await log.waitFor(Subjects.ExpirationComplete, isExpirationOf(order.data.id));
    expect(Date.parse(event.occurredAt)).toBeGreaterThan(expiresAt.getTime());
  });
});

describe("a job that carries no valid order id", () => {
  let service: ExpirationTestApp;

  beforeAll(async () => {
    service = await createExpirationTestApp("worker_invalid_job");
  });

  afterAll(() => service?.close());

  it("fails at once, without retries, and stays in the failed set", async () => {
    const jobId = randomUUID();
    await service.queue.add(
      JOB_NAME,
      { orderId: "not-an-order", eventId: randomUUID(), expiresAt: new Date().toISOString() },
      { jobId, attempts: PUBLISH_ATTEMPTS, backoff: { type: CAPPED_BACKOFF } },
    );

    // The state first, then the job: a job read before it failed would still say 0 attempts.
    const job = await eventually(async () =>
      (await service.queue.getJobState(jobId)) === "failed"
        ? service.queue.getJob(jobId)
        : undefined,
    );

    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/no valid order id/);
  });
});

describe("an expiration due while NATS is down", () => {
  let server: PrivateServer;
  let service: ExpirationTestApp;

  beforeAll(async () => {
    server = await createPrivateNatsServer();
    await server.start();
    service = await createExpirationTestApp("publish_failure", { natsUrl: server.url });
  });

  afterAll(async () => {
    await service?.close();
    await server?.destroy();
  });

  it("is retried until NATS is back, and published once", { timeout: 60_000 }, async () => {
    const order = orderCreated(inMs(500));
    await service.publish(order);
    await eventually(() => service.queue.getJob(order.data.id));

    await server.stop();
    const failed = await eventually(
      async () => {
        const job = await service.queue.getJob(order.data.id);
        return job && job.attemptsMade >= 1 ? job : undefined;
      },
      { timeoutMs: 20_000 },
    );
    // Failed, yet kept for another attempt: not completed (which would remove it).
    expect(["delayed", "waiting", "active"]).toContain(await failed.getState());
    await server.start();

    // The test's own connection reconnects too; reading the stream works once it has.
    const log = await eventually(() => watchEvents(service.testBus), { timeoutMs: 20_000 });
    try {
      const event = await log.waitFor(Subjects.ExpirationComplete, isExpirationOf(order.data.id), {
        timeoutMs: 20_000,
      });
      expect(event.id).toBe(failed.data.eventId);
      await eventually(async () => (await service.queue.getJob(order.data.id)) === undefined);
      const expirations = log.all().filter((e) => e.subject === Subjects.ExpirationComplete);
      expect(expirations).toHaveLength(1);
    } finally {
      await log.stop();
    }
  });
});
