import { randomUUID } from "node:crypto";
import { eventually } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPayment } from "../domain/payments.js";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";

describe("POST /api/payments/webhook", () => {
  let t: PaymentsTestApp;
  beforeAll(async () => {
    t = await createPaymentsTestApp("webhook");
  });
  afterAll(() => t.close());

  /** A payment waiting for 3-D Secure, and the event Stripe would send once it succeeded. */
  async function awaitingPayment() {
    const { order, buyer } = await t.seedOrder();
    const res = await t
      .pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_authenticationRequired" })
      .expect(202);
    const intent = await t.deps.stripe.paymentIntents.retrieve(res.body.stripeId);
    const succeeded = t.intentEvent("payment_intent.succeeded", { ...intent, status: "succeeded" });
    return { order, paymentId: res.body.id as string, succeeded };
  }
  const announcements = async (paymentId: string) =>
    (
      await t.db.query(
        "SELECT 1 FROM outbox WHERE subject = 'payment.created' AND data->>'id' = $1",
        [paymentId],
      )
    ).rowCount;
  const statusOf = async (paymentId: string) => (await findPayment(t.db, paymentId))?.status;

  it("applies a signed payment_intent.succeeded once, however often Stripe delivers it", async () => {
    const { paymentId, succeeded } = await awaitingPayment();

    await t.sendWebhook(succeeded).expect(200, { received: true });
    await t.sendWebhook(succeeded).expect(200);

    expect(await statusOf(paymentId)).toBe("succeeded");
    expect(await announcements(paymentId)).toBe(1);
  });

  it.each([
    ["signed with another secret", { secret: "whsec_not_ours" }],
    ["signed ten minutes ago", { signedAt: new Date(Date.now() - 10 * 60_000) }],
  ])("refuses an event %s with 400 and changes nothing", async (_case, signing) => {
    const { paymentId, succeeded } = await awaitingPayment();

    const res = await t.sendWebhook(succeeded, signing);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: "Invalid Stripe signature" }] });
    expect(await statusOf(paymentId)).toBe("requires_action");
    expect(await announcements(paymentId)).toBe(0);
    const recorded = await t.db.query("SELECT 1 FROM stripe_events WHERE id = $1", [succeeded.id]);
    expect(recorded.rowCount).toBe(0);
  });

  it.each([
    ["whose id holds a NUL, which PostgreSQL cannot store", { id: "evt_\u0000" }],
    ["whose type is not a string", { type: ["payment_intent.succeeded"] }],
  ])("refuses a signed event %s with 400 and changes nothing", async (_case, change) => {
    const { paymentId, succeeded } = await awaitingPayment();

    const res = await t.sendWebhook({ ...succeeded, ...change } as typeof succeeded);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: "Not a Stripe event" }] });
    expect(await statusOf(paymentId)).toBe("requires_action");
    expect(await announcements(paymentId)).toBe(0);
  });

  it("refuses an event without a signature with 400", async () => {
    const res = await request(t.app)
      .post("/api/payments/webhook")
      .set("Content-Type", "application/json")
      .send(JSON.stringify(t.intentEvent("payment_intent.succeeded", { id: "pi_x" })));

    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: "Missing Stripe signature" }] });
  });

  it("agrees with the synchronous answer when the webhook arrives first", async () => {
    const { order, buyer } = await t.seedOrder();
    const held = t.stripeEmulator.hold();
    const answer = t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).then();
    // Stripe has charged, its answer to us is slow, and its webhook comes first.
    const charge = await eventually(() => t.ledgerOf(order.id).charges[0] ?? null);
    const intent = await t.deps.stripe.paymentIntents.retrieve(charge.paymentIntent);
    await t.sendWebhook(t.intentEvent("payment_intent.succeeded", intent)).expect(200);
    const { rows } = await t.db.query("SELECT id, status FROM payments WHERE order_id = $1", [
      order.id,
    ]);
    expect(rows).toEqual([{ id: expect.any(String), status: "succeeded" }]);

    held.release();
    const res = await answer;

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: rows[0].id, status: "succeeded" });
    expect(await announcements(rows[0].id)).toBe(1);
  });

  it("acknowledges events about payments it does not know, and other kinds of events", async () => {
    await t
      .sendWebhook(t.intentEvent("payment_intent.succeeded", { id: "pi_elsewhere", metadata: {} }))
      .expect(200);
    await t.sendWebhook(t.intentEvent("charge.refunded", { id: `ch_${randomUUID()}` })).expect(200);
  });
});
