import { randomUUID } from "node:crypto";
import { PaymentFailed } from "@microtickets/common";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("the payment.failed listener", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("payment_failed");
  });
  afterAll(() => t.close());

  const show = (id: string, cookie: string) =>
    request(t.app).get(`/api/orders/${id}`).set("Cookie", cookie).expect(200);

  it("returns an order awaiting payment to created when its payment fails", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.awaitsAction();

    await payment.fails("authentication_failed");

    expect((await show(order.id, buyer.cookie)).body).toEqual({
      ...order,
      status: "created",
      version: 2,
    });
    expect(await t.announced(order.id)).toEqual(["order.created"]);
  });

  it("keeps the order created when the failure is applied before the attempt's action request", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);

    await payment.fails("authentication_failed");
    await payment.awaitsAction();

    expect(await t.stored(order.id)).toEqual({ status: "created", version: 0 });
  });

  it("awaits payment again when a second attempt awaits the buyer after a first one failed", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const first = t.paymentAttempt(order.id);
    await first.awaitsAction();
    await first.fails();

    await t.paymentAttempt(order.id).awaitsAction();

    expect(await t.stored(order.id)).toEqual({ status: "awaiting:payment", version: 3 });
  });

  it("keeps awaiting payment while another attempt still awaits the buyer", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const first = t.paymentAttempt(order.id);
    const second = t.paymentAttempt(order.id);
    await first.awaitsAction();
    await second.awaitsAction();

    await first.fails();

    expect(await t.stored(order.id)).toEqual({ status: "awaiting:payment", version: 1 });
    await second.fails();
    expect(await t.stored(order.id)).toEqual({ status: "created", version: 2 });
  });

  it("changes nothing for a declined card on an order that never awaited payment", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);

    await t.paymentAttempt(order.id).fails();
    await t.paymentAttempt(order.id).fails();

    expect(await t.stored(order.id)).toEqual({ status: "created", version: 0 });
    expect(await t.announced(order.id)).toEqual(["order.created"]);
  });

  it("leaves a cancelled order cancelled", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.awaitsAction();
    await request(t.app).delete(`/api/orders/${order.id}`).set("Cookie", buyer.cookie).expect(204);

    await payment.fails();

    expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 2 });
  });

  it("dead-letters a failed payment for an order it never had", async () => {
    const stray = PaymentFailed.build({
      id: randomUUID(),
      orderId: randomUUID(),
      stripeId: "pi_stray",
      reason: "card_declined",
    });

    await t.publish(stray);

    expect(await t.deadLettered(stray)).toContain(stray.data.orderId);
  });
});
