import { randomUUID } from "node:crypto";
import { ExpirationComplete, PaymentActionRequired } from "@microtickets/common";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("the payment.action-required listener", () => {
  let t: OrdersTestApp;
  // Orders' own clock, moved past the lock by the test of an expiry.
  let now = new Date();
  beforeAll(async () => {
    t = await createOrdersTestApp("payment_action_required", { clock: () => now, lockSeconds: 60 });
  });
  afterAll(() => t.close());

  const show = (id: string, cookie: string) =>
    request(t.app).get(`/api/orders/${id}`).set("Cookie", cookie).expect(200);

  it("makes the order awaiting:payment, one version up, announcing nothing", async () => {
    const ticket = await t.seedTicket();
    const { order, buyer } = await t.placeOrder(ticket.id);

    await t.paymentAttempt(order.id).awaitsAction();

    expect((await show(order.id, buyer.cookie)).body).toEqual({
      ...order,
      status: "awaiting:payment",
      version: 1,
    });
    expect(await t.announced(order.id)).toEqual(["order.created"]);
  });

  it("leaves an order already awaiting payment as it is when another attempt awaits too", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    await t.paymentAttempt(order.id).awaitsAction();

    await t.paymentAttempt(order.id).awaitsAction();

    expect(await t.stored(order.id)).toEqual({ status: "awaiting:payment", version: 1 });
  });

  it("lets a payment complete an order awaiting payment, and announces it", async () => {
    const ticket = await t.seedTicket();
    const { order, buyer } = await t.placeOrder(ticket.id);
    await t.paymentAttempt(order.id).awaitsAction();

    await t.paymentAttempt(order.id).succeeds();

    expect((await show(order.id, buyer.cookie)).body).toMatchObject({
      status: "complete",
      version: 2,
    });
    const completed = await t.published("order.completed", (data) => data.id === order.id);
    expect(completed.data).toEqual({
      id: order.id,
      userId: buyer.user.id,
      version: 2,
      ticket: { id: ticket.id },
    });
  });

  it("lets the buyer cancel an order awaiting payment", async () => {
    const ticket = await t.seedTicket();
    const { order, buyer } = await t.placeOrder(ticket.id);
    await t.paymentAttempt(order.id).awaitsAction();

    await request(t.app).delete(`/api/orders/${order.id}`).set("Cookie", buyer.cookie).expect(204);

    expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 2 });
    const cancelled = await t.published("order.cancelled", (data) => data.id === order.id);
    expect(cancelled.data).toEqual({
      id: order.id,
      userId: buyer.user.id,
      version: 2,
      ticket: { id: ticket.id },
    });
  });

  it("keeps an order awaiting payment past its lock, and cancels it when that payment fails", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.awaitsAction();

    now = new Date(now.getTime() + 61_000);
    const expired = ExpirationComplete.build({ orderId: order.id });
    await t.publish(expired);
    await t.applied(expired);

    expect(await t.stored(order.id)).toEqual({ status: "awaiting:payment", version: 1 });
    await payment.fails("authentication_failed");
    await t.published("order.cancelled", (data) => data.id === order.id);
    expect(await t.stored(order.id)).toMatchObject({ status: "cancelled" });
  });

  it("leaves a cancelled order cancelled", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    await request(t.app).delete(`/api/orders/${order.id}`).set("Cookie", buyer.cookie).expect(204);

    await t.paymentAttempt(order.id).awaitsAction();

    expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 1 });
    expect(await t.announced(order.id)).toEqual(["order.created", "order.cancelled"]);
  });

  it("leaves a complete order complete", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    await t.paymentAttempt(order.id).succeeds();

    await t.paymentAttempt(order.id).awaitsAction();

    expect(await t.stored(order.id)).toEqual({ status: "complete", version: 1 });
    expect(await t.announced(order.id)).toEqual(["order.created", "order.completed"]);
  });

  it("dead-letters a payment awaiting action for an order it never had", async () => {
    const stray = PaymentActionRequired.build({
      id: randomUUID(),
      orderId: randomUUID(),
      stripeId: "pi_stray",
    });

    await t.publish(stray);

    expect(await t.deadLettered(stray)).toContain(stray.data.orderId);
  });
});
