import { randomUUID } from "node:crypto";
import { OrderCancelled, OrderCompleted } from "@microtickets/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";

describe("POST /api/payments", () => {
  let t: PaymentsTestApp;
  // Payments' own clock: a test moves it past an order's lock.
  let now: Date | undefined;
  beforeAll(async () => {
    t = await createPaymentsTestApp("new_payment", { clock: () => now ?? new Date() });
  });
  afterAll(() => t.close());

  it("charges the order's amount in cents, answers 201 and announces payment.created", async () => {
    const { order, buyer } = await t.seedOrder();

    const res = await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      orderId: order.id,
      stripeId: expect.stringMatching(/^pi_/),
      status: "succeeded",
    });
    const [charge] = t.ledgerOf(order.id).charges;
    expect(charge).toMatchObject({
      paymentIntent: res.body.stripeId,
      amount: 2_050,
      currency: "usd",
      metadata: { orderId: order.id, userId: buyer.user.id, paymentId: res.body.id },
    });
    const created = await t.published("payment.created", (data) => data.orderId === order.id);
    expect(created.data).toEqual({
      id: res.body.id,
      orderId: order.id,
      stripeId: res.body.stripeId,
      amountCents: 2_050,
    });
  });

  it.each([50, 57, 1_999, 99_999_999])("sends Stripe exactly %i cents", async (priceCents) => {
    const { order, buyer } = await t.seedOrder({ ticket: { id: randomUUID(), priceCents } });

    await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).expect(201);

    expect(t.ledgerOf(order.id).charges.map((charge) => charge.amount)).toEqual([priceCents]);
  });

  it("answers 402 with Stripe's reason for a price above what Stripe charges at once", async () => {
    const { order, buyer } = await t.seedOrder({
      ticket: { id: randomUUID(), priceCents: 100_000_000 },
    });

    const res = await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" });

    expect(res.status).toBe(402);
    expect(res.body).toEqual({ errors: [{ message: "Amount must be no more than $999,999.99" }] });
    expect(t.ledgerOf(order.id).charges).toEqual([]);
  });

  it("answers a declined card with 402 and Stripe's message, and takes another card after", async () => {
    const { order, buyer } = await t.seedOrder();

    const declined = await t.pay(buyer, {
      orderId: order.id,
      paymentMethodId: "pm_card_chargeDeclined",
    });

    expect(declined.status).toBe(402);
    expect(declined.body).toEqual({ errors: [{ message: "Your card was declined." }] });
    const failed = await t.published("payment.failed", (data) => data.orderId === order.id);
    expect(failed.data).toMatchObject({ reason: "Your card was declined." });
    expect(t.ledgerOf(order.id).charges).toEqual([]);

    await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).expect(201);
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });

  it("answers 3-D Secure with 202 and the client secret; the webhook completes the payment", async () => {
    const { order, buyer } = await t.seedOrder();

    const res = await t.pay(buyer, {
      orderId: order.id,
      paymentMethodId: "pm_card_authenticationRequired",
    });

    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      orderId: order.id,
      status: "requires_action",
      clientSecret: expect.stringMatching(/^pi_\w+_secret_\w+$/),
    });
    await t.published("payment.action-required", (data) => data.orderId === order.id);
    expect(t.ledgerOf(order.id).charges).toEqual([]);

    await t.stripeEmulator.authenticate(res.body.stripeId, "succeed");

    await t.paymentReaches(res.body.id, "succeeded");
    const created = await t.published("payment.created", (data) => data.orderId === order.id);
    expect(created.data).toMatchObject({ id: res.body.id, stripeId: res.body.stripeId });
  });

  it("lets the buyer try another card after 3-D Secure failed", async () => {
    const { order, buyer } = await t.seedOrder();
    const first = await t
      .pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_authenticationRequired" })
      .expect(202);

    await t.stripeEmulator.authenticate(first.body.stripeId, "fail");
    await t.paymentReaches(first.body.id, "failed");
    await t.published("payment.failed", (data) => data.id === first.body.id);

    await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).expect(201);
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });

  it("refuses a second payment while one waits for 3-D Secure with 409", async () => {
    const { order, buyer } = await t.seedOrder();
    await t
      .pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_authenticationRequired" })
      .expect(202);

    const res = await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" });

    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toMatch(/in progress/);
    expect(t.ledgerOf(order.id).charges).toEqual([]);
  });

  it("refuses to charge a paid order again with 409", async () => {
    const { order, buyer } = await t.seedOrder();
    await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).expect(201);

    const again = await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ errors: [{ message: "Order is already paid" }] });

    const completed = OrderCompleted.build({
      id: order.id,
      userId: buyer.user.id,
      version: 1,
      ticket: { id: order.ticket.id },
    });
    await t.publish(completed);
    await t.applied(completed);
    await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).expect(409);
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });

  it("refuses a cancelled order with 409", async () => {
    const { order, buyer } = await t.seedOrder();
    const cancelled = OrderCancelled.build({
      id: order.id,
      userId: buyer.user.id,
      version: 1,
      ticket: { id: order.ticket.id },
    });
    await t.publish(cancelled);
    await t.applied(cancelled);

    const res = await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" });

    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: "Order is cancelled" }] });
    expect(t.ledgerOf(order.id).charges).toEqual([]);
  });

  it("refuses an order whose lock ran out by payments' clock, before its cancellation arrives", async () => {
    const { order, buyer } = await t.seedOrder({
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    now = new Date(Date.now() + 61_000);
    try {
      const res = await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ errors: [{ message: "Order has expired" }] });
    } finally {
      now = undefined;
    }
  });

  it("answers 404 for an unknown order and for another buyer's order", async () => {
    const { order } = await t.seedOrder();
    const stranger = await t.sessions.signIn();

    for (const orderId of [randomUUID(), order.id]) {
      const res = await t.pay(stranger, { orderId, paymentMethodId: "pm_card_visa" });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ errors: [{ message: "Order not found" }] });
    }
    expect(t.ledgerOf(order.id).charges).toEqual([]);
  });

  it("answers 400 naming paymentMethodId for a card Stripe does not know, and takes a real one after", async () => {
    const { order, buyer } = await t.seedOrder();

    const res = await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_unheardof" });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: "paymentMethodId", message: expect.stringContaining("pm_card_unheardof") },
    ]);
    await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).expect(201);
  });

  it("announces payment.failed for an attempt Stripe refused, so orders stops holding the order", async () => {
    const { order, buyer } = await t.seedOrder();

    await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_unheardof" }).expect(400);

    const failed = await t.published("payment.failed", (data) => data.orderId === order.id);
    expect(failed.data).toEqual({
      id: expect.any(String),
      orderId: order.id,
      stripeId: null,
      reason: expect.stringContaining("pm_card_unheardof"),
    });
  });

  it.each([
    ["no orderId", { paymentMethodId: "pm_card_visa" }, "orderId"],
    ["a malformed orderId", { orderId: "42", paymentMethodId: "pm_card_visa" }, "orderId"],
    [
      "orderId as an array",
      { orderId: [randomUUID()], paymentMethodId: "pm_card_visa" },
      "orderId",
    ],
    ["no paymentMethodId", { orderId: randomUUID() }, "paymentMethodId"],
    [
      "a paymentMethodId that is no id",
      { orderId: randomUUID(), paymentMethodId: "visa" },
      "paymentMethodId",
    ],
  ])("answers 400 for %s", async (_case, body, field) => {
    const buyer = await t.sessions.signIn();

    const res = await t.pay(buyer, body);

    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual({ field, message: expect.any(String) });
  });

  it("answers 401 when not signed in", async () => {
    const res = await t.pay(
      { cookie: "" },
      { orderId: randomUUID(), paymentMethodId: "pm_card_visa" },
    );

    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ message: "Not signed in" }] });
  });
});
