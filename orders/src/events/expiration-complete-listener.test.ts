import { randomUUID } from "node:crypto";
import { ExpirationComplete } from "@microtickets/common";
import { eventually, sample } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("the expiration.complete listener", () => {
  let t: OrdersTestApp;
  // Orders' own clock: each test moves it past the lock before the expiration arrives.
  let now = new Date();
  beforeAll(async () => {
    t = await createOrdersTestApp("expiration_complete", { clock: () => now, lockSeconds: 60 });
  });
  afterAll(() => t.close());

  const cancellations = async (id: string) =>
    (
      await t.db.query(
        "SELECT 1 FROM outbox WHERE subject = 'order.cancelled' AND data->>'id' = $1",
        [id],
      )
    ).rowCount;
  const expire = async (orderId: string) => {
    now = new Date(now.getTime() + 61_000);
    const expired = ExpirationComplete.build({ orderId });
    await t.publish(expired);
    await t.applied(expired);
  };

  it("cancels an open order whose lock ran out once payments closes it, and announces it", async () => {
    const ticket = await t.seedTicket();
    const { order, buyer } = await t.placeOrder(ticket.id);

    await expire(order.id);

    const cancelled = await t.published("order.cancelled", (data) => data.id === order.id);
    expect(cancelled.data).toEqual({
      id: order.id,
      userId: buyer.user.id,
      version: 1,
      ticket: { id: ticket.id },
    });
    expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 1 });
  });

  it("asks payments whether a payment was accepted in time, and keeps the order until it answers", async () => {
    t.payments.manually = true;
    try {
      const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);

      await expire(order.id);

      const asked = await t.published("order.lock-expired", (data) => data.id === order.id);
      expect(asked.data).toEqual({ id: order.id, userId: buyer.user.id });
      expect(await t.stored(order.id)).toEqual({ status: "created", version: 0 });
      await t.apply(sample.paymentWindowClosed({ orderId: order.id }));
      expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 1 });
    } finally {
      t.payments.manually = false;
    }
  });

  it("holds an expiration that arrives before expiresAt by orders' clock until it has passed", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const early = ExpirationComplete.build({ orderId: order.id });

    const { seq } = await t.publish(early);
    // Delivered and handed back at least twice: the listener has seen it and let it wait.
    const jsm = await t.testBus.js.jetstreamManager();
    await eventually(async () => {
      const info = await jsm.consumers.info(t.testBus.bus.stream, "orders-expiration-complete");
      return info.delivered.stream_seq >= seq && info.num_redelivered > 0;
    });
    expect(await t.stored(order.id)).toEqual({ status: "created", version: 0 });
    now = new Date(now.getTime() + 61_000);

    await t.applied(early);
    await t.published("order.cancelled", (data) => data.id === order.id);
    expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 1 });
  });

  it("leaves an order that was paid in time complete", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    await t.paymentAttempt(order.id).succeeds();

    await expire(order.id);

    expect(await t.stored(order.id)).toEqual({ status: "complete", version: 1 });
    expect(await cancellations(order.id)).toBe(0);
  });

  it("leaves an order the buyer already cancelled as it is, announcing nothing more", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    await request(t.app).delete(`/api/orders/${order.id}`).set("Cookie", buyer.cookie).expect(204);

    await expire(order.id);

    expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 1 });
    expect(await cancellations(order.id)).toBe(1);
  });

  it("dead-letters an expiration for an order it never had", async () => {
    const stray = ExpirationComplete.build({ orderId: randomUUID() });

    await t.publish(stray);

    expect(await t.deadLettered(stray)).toContain(stray.data.orderId);
  });
});
