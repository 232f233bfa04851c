import { randomUUID } from "node:crypto";
import { sample } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

/** Payments' answer to order.lock-expired: no payment accepted in time can come for the order. */
describe("the payment.window-closed listener", () => {
  let t: OrdersTestApp;
  // Orders' own clock: each test moves it past the order's lock.
  let now = new Date();
  beforeAll(async () => {
    t = await createOrdersTestApp("payment_window_closed", { clock: () => now, lockSeconds: 60 });
    t.payments.manually = true;
  });
  afterAll(() => t.close());

  const pastTheLock = (expiresAt: string) => new Date(Date.parse(expiresAt) + 1_000);

  it("keeps an order a payment holds, and cancels it as soon as that payment fails", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.starts();
    now = pastTheLock(order.expiresAt);

    await t.apply(sample.paymentWindowClosed({ orderId: order.id }));
    expect(await t.stored(order.id)).toEqual({ status: "created", version: 0 });
    await payment.fails();

    expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 1 });
    expect(await t.announced(order.id)).toEqual(["order.created", "order.held", "order.cancelled"]);
  });

  it("leaves a paid order complete", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    await t.paymentAttempt(order.id).succeeds();
    now = pastTheLock(order.expiresAt);

    await t.apply(sample.paymentWindowClosed({ orderId: order.id }));

    expect(await t.stored(order.id)).toEqual({ status: "complete", version: 1 });
  });

  it("dead-letters an answer about an order it never had", async () => {
    const stray = sample.paymentWindowClosed({ orderId: randomUUID() });

    await t.publish(stray);

    expect(await t.deadLettered(stray)).toContain(stray.data.orderId);
  });
});
