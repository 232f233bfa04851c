import { randomUUID } from "node:crypto";
import { type Event, PaymentActionRequired, PaymentFailed } from "@microtickets/common";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("the payment.failed listener", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("payment_failed");
  });
  afterAll(() => t.close());

  const apply = async (event: Event) => {
    await t.publish(event);
    await t.applied(event);
  };
  /** One payment attempt for the order, whose steps are announced as payments would. */
  const attempt = (orderId: string) => {
    const id = randomUUID();
    const stripeId = `pi_${randomUUID()}`;
    return {
      awaitsAction: () => apply(PaymentActionRequired.build({ id, orderId, stripeId })),
      fails: (reason = "card_declined") =>
        apply(PaymentFailed.build({ id, orderId, stripeId, reason })),
    };
  };
  const show = (id: string, cookie: string) =>
    request(t.app).get(`/api/orders/${id}`).set("Cookie", cookie).expect(200);
  const stored = async (id: string) =>
    (await t.db.pool.query("SELECT status, version FROM orders WHERE id = $1", [id])).rows[0];
  const announced = async (id: string) =>
    (
      await t.db.pool.query("SELECT subject FROM outbox WHERE data->>'id' = $1 ORDER BY seq", [id])
    ).rows.map((row) => row.subject);

  it("returns an order awaiting payment to created when its payment fails", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    const payment = attempt(order.id);
    await payment.awaitsAction();

    await payment.fails("authentication_failed");

    expect((await show(order.id, buyer.cookie)).body).toEqual({
      ...order,
      status: "created",
      version: 2,
    });
    expect(await announced(order.id)).toEqual(["order.created"]);
  });

  it("keeps the order created when the failure is applied before the attempt's action request", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const payment = attempt(order.id);

    await payment.fails("authentication_failed");
    await payment.awaitsAction();

    expect(await stored(order.id)).toEqual({ status: "created", version: 0 });
  });

  it("awaits payment again when a second attempt awaits the buyer after a first one failed", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const first = attempt(order.id);
    await first.awaitsAction();
    await first.fails();

    await attempt(order.id).awaitsAction();

    expect(await stored(order.id)).toEqual({ status: "awaiting:payment", version: 3 });
  });

  it("keeps awaiting payment while another attempt still awaits the buyer", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const first = attempt(order.id);
    const second = attempt(order.id);
    await first.awaitsAction();
    await second.awaitsAction();

    await first.fails();

    expect(await stored(order.id)).toEqual({ status: "awaiting:payment", version: 1 });
    await second.fails();
    expect(await stored(order.id)).toEqual({ status: "created", version: 2 });
  });

  it("changes nothing for a declined card on an order that never awaited payment", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);

    await attempt(order.id).fails();
    await attempt(order.id).fails();

    expect(await stored(order.id)).toEqual({ status: "created", version: 0 });
    expect(await announced(order.id)).toEqual(["order.created"]);
  });

  it("leaves a cancelled order cancelled", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    const payment = attempt(order.id);
    await payment.awaitsAction();
    await request(t.app).delete(`/api/orders/${order.id}`).set("Cookie", buyer.cookie).expect(204);

    await payment.fails();

    expect(await stored(order.id)).toEqual({ status: "cancelled", version: 2 });
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
