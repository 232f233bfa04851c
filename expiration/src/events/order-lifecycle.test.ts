import { randomUUID } from "node:crypto";
import { type DataOf, type ExpirationComplete, Subjects } from "@microtickets/common";
import { type EventLog, eventually, sample } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createExpirationTestApp,
  type ExpirationTestApp,
  inMs,
  orderCreated,
} from "../test-app.js";

type Expired = DataOf<typeof ExpirationComplete>;

describe("the expiration of an order's lock", () => {
  let service: ExpirationTestApp;
  let log: EventLog;

  beforeAll(async () => {
    service = await createExpirationTestApp("listeners");
    log = service.events;
  });

  afterAll(() => service?.close());

  const expirationOf = (orderId: string, timeoutMs = 5_000) =>
    log.waitFor<Expired>(Subjects.ExpirationComplete, (data) => data.orderId === orderId, {
      timeoutMs,
    });
  const expirationsOf = (orderId: string) =>
    log
      .all()
      .filter(
        (event) =>
          event.subject === Subjects.ExpirationComplete &&
          (event.data as Expired).orderId === orderId,
      );
  const jobOf = (orderId: string) => service.queue.getJob(orderId);

  /**
   * Resolves once the worker has published an expiration due `marginMs` after `moment`: every
   * expiration due at `moment` would have been published (and seen) by then.
   */
  async function timePassed(moment: Date, marginMs = 300) {
    const witness = orderCreated(new Date(moment.getTime() + marginMs));
    await service.publish(witness);
    await expirationOf(witness.data.id, marginMs + 5_000);
  }

  it("publishes expiration.complete no earlier than expiresAt, and soon after it", async () => {
    const expiresAt = inMs(1_000);
    const order = orderCreated(expiresAt);
    await service.publish(order);

    const event = await expirationOf(order.data.id);

    const publishedAt = Date.parse(event.occurredAt);
    expect(publishedAt).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect(publishedAt - expiresAt.getTime()).toBeLessThan(2_000);
    expect(event.data).toEqual({ orderId: order.data.id });
  });

  it("publishes at once for an order whose lock ended already", async () => {
    const order = orderCreated(inMs(-60_000));
    const sentAt = Date.now();
    await service.publish(order);

    const event = await expirationOf(order.data.id, 2_000);

    expect(Date.parse(event.occurredAt) - sentAt).toBeLessThan(2_000);
  });

  it.each([
    ["cancelled", (id: string) => sample.orderCancelled({ id })],
    ["completed", (id: string) => sample.orderCompleted({ id })],
  ])("never publishes for an order %s before its lock ends", async (_status, finished) => {
    const expiresAt = inMs(2_000);
    const order = orderCreated(expiresAt);
    await service.publish(order);
    await eventually(async () => (await jobOf(order.data.id)) !== undefined);

    await service.publish(finished(order.data.id));

    await eventually(async () => (await jobOf(order.data.id)) === undefined);
    // Gone before it was due, so not because it ran.
    expect(Date.now()).toBeLessThan(expiresAt.getTime());
    await timePassed(expiresAt);
    expect(expirationsOf(order.data.id)).toEqual([]);
  });

  it("makes one job and one event of an order.created delivered twice", async () => {
    const expiresAt = inMs(1_000);
    const orderId = randomUUID();
    await service.apply(orderCreated(expiresAt, orderId));
    const scheduled = await jobOf(orderId);

    // Another event id: what orders' relay would send again after a lost ack.
    await service.apply(orderCreated(expiresAt, orderId));

    expect((await jobOf(orderId))?.data).toEqual(scheduled?.data);
    const event = await expirationOf(orderId);
    expect(event.id).toBe(scheduled?.data.eventId);
    await timePassed(expiresAt);
    expect(expirationsOf(orderId)).toHaveLength(1);
  });

  it("names each job after its order, without a colon", async () => {
    const order = orderCreated(inMs(60 * 60_000));
    await service.publish(order);

    const job = await eventually(() => jobOf(order.data.id));

    expect(job.id).toBe(order.data.id);
    expect(job.id).not.toContain(":");
    expect(await job.getState()).toBe("delayed");
    await service.publish(sample.orderCancelled({ id: order.data.id }));
    await eventually(async () => (await jobOf(order.data.id)) === undefined);
  });
});
