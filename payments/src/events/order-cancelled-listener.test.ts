import { type DataOf, OrderCancelled, type OrderCreated } from "@microtickets/common";
import { eventually } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settleUnsettledPayments } from "../domain/payment-sweep.js";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";

describe("the order.cancelled listener", () => {
  let t: PaymentsTestApp;
  beforeAll(async () => {
    t = await createPaymentsTestApp("order_cancelled");
  });
  afterAll(() => t.close());

  async function cancel(order: DataOf<typeof OrderCreated>, version = 1) {
    const cancelled = OrderCancelled.build({
      id: order.id,
      userId: order.userId,
      version,
      ticket: { id: order.ticket.id },
    });
    await t.publish(cancelled);
    await t.applied(cancelled);
  }
  const sweep = () => settleUnsettledPayments(t.deps, 60_000, t.logger);

  it("refunds a charge whose order was cancelled after it, and announces payment.refunded", async () => {
    const { order, buyer } = await t.seedOrder();
    const paid = await t
      .pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" })
      .expect(201);

    await cancel(order);
    await sweep();

    const refunded = await t.published("payment.refunded", (data) => data.orderId === order.id);
    expect(refunded.data).toEqual({
      id: paid.body.id,
      orderId: order.id,
      stripeId: paid.body.stripeId,
      refundId: expect.stringMatching(/^re_/),
      amountCents: 2_050,
    });
    const { charges, refunds } = t.ledgerOf(order.id);
    expect(charges).toHaveLength(1);
    expect(refunds).toEqual([expect.objectContaining({ amount: 2_050 })]);
    expect((await t.paymentReaches(paid.body.id, "refunded")).refundId).toBe(
      refunded.data.refundId,
    );
  });

  it("refunds a charge that went through while the order was being cancelled, answering 409", async () => {
    const { order, buyer } = await t.seedOrder();
    const held = t.stripeEmulator.hold();
    const answer = t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).then();
    // Stripe has charged; its answer is held while the order is cancelled.
    await eventually(() => t.ledgerOf(order.id).charges[0] ?? null);

    await cancel(order);
    held.release();
    const res = await answer;

    expect(res.status).toBe(409);
    expect(res.body.errors[0].message).toMatch(/cancelled.*refunded/);
    await t.published("payment.refunded", (data) => data.orderId === order.id);
    const { charges, refunds } = t.ledgerOf(order.id);
    expect(charges).toHaveLength(1);
    expect(refunds).toHaveLength(1);
  });

  it("cancels a 3-D Secure payment the buyer had not finished, so it can no longer succeed", async () => {
    const { order, buyer } = await t.seedOrder();
    const waiting = await t
      .pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_authenticationRequired" })
      .expect(202);

    await cancel(order);
    await sweep();

    await t.paymentReaches(waiting.body.id, "canceled");
    const intent = await t.deps.stripe.paymentIntents.retrieve(waiting.body.stripeId);
    expect(intent.status).toBe("canceled");
    expect(t.ledgerOf(order.id).charges).toEqual([]);
  });

  it("remembers a cancellation that arrived before its order.created, and refuses to charge", async () => {
    const buyer = await t.sessions.signIn();
    const created = t.orderCreated(buyer.user.id);

    await cancel(created.data);
    await t.publish(created);
    await t.applied(created);

    const res = await t.pay(buyer, { orderId: created.data.id, paymentMethodId: "pm_card_visa" });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: "Order is cancelled" }] });
    expect(t.ledgerOf(created.data.id).charges).toEqual([]);
  });
});
