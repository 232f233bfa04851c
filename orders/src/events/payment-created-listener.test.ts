import { randomUUID } from "node:crypto";
import { PaymentCreated } from "@microtickets/common";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("the payment.created listener", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("payment_created");
  });
  afterAll(() => t.close());

  const show = (id: string, cookie: string) =>
    request(t.app).get(`/api/orders/${id}`).set("Cookie", cookie).expect(200);

  it("completes the paid order, announces it, and the order can no longer be cancelled", async () => {
    const ticket = await t.seedTicket();
    const { order, buyer } = await t.placeOrder(ticket.id);

    await t.paymentAttempt(order.id).succeeds();

    expect((await show(order.id, buyer.cookie)).body).toMatchObject({
      status: "complete",
      version: 1,
    });
    const completed = await t.published("order.completed", (data) => data.id === order.id);
    expect(completed.data).toEqual({
      id: order.id,
      userId: buyer.user.id,
      version: 1,
      ticket: { id: ticket.id },
    });
    await request(t.app)
      .delete(`/api/orders/${order.id}`)
      .set("Cookie", buyer.cookie)
      .expect(409, { errors: [{ message: "A complete order cannot be cancelled" }] });
  });

  it("keeps a sold ticket from being ordered again", async () => {
    const ticket = await t.seedTicket();
    const { order } = await t.placeOrder(ticket.id);
    await t.paymentAttempt(order.id).succeeds();

    const other = await t.sessions.signIn();
    await request(t.app)
      .post("/api/orders")
      .set("Cookie", other.cookie)
      .send({ ticketId: ticket.id })
      .expect(409);
  });

  it("applies a second payment for a complete order as nothing", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    await t.paymentAttempt(order.id).succeeds();

    await t.paymentAttempt(order.id).succeeds();

    expect((await show(order.id, buyer.cookie)).body).toMatchObject({
      status: "complete",
      version: 1,
    });
  });

  it("leaves a cancelled order cancelled when its payment arrives late", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    await request(t.app).delete(`/api/orders/${order.id}`).set("Cookie", buyer.cookie).expect(204);

    await t.paymentAttempt(order.id).succeeds();

    expect((await show(order.id, buyer.cookie)).body).toMatchObject({
      status: "cancelled",
      version: 1,
    });
    const completions = await t.db.query(
      "SELECT 1 FROM outbox WHERE subject = 'order.completed' AND data->>'id' = $1",
      [order.id],
    );
    expect(completions.rowCount).toBe(0);
  });

  it("dead-letters a payment for an order it never had", async () => {
    const stray = PaymentCreated.build({
      id: randomUUID(),
      orderId: randomUUID(),
      stripeId: "pi_stray",
      amountCents: 100,
    });

    await t.publish(stray);

    expect(await t.deadLettered(stray)).toContain(stray.data.orderId);
  });
});
