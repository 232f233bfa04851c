import { OrderHeld } from "@microtickets/common";
import { sample } from "@microtickets/common/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findPayment } from "../domain/payments.js";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";

/**
 * A 201 is final: nothing is charged before orders holds the order for the attempt, so a payment
 * that races a cancellation loses before any money moves. Here the test plays orders' part.
 */
describe("POST /api/payments, waiting for orders to hold the order", () => {
  let t: PaymentsTestApp;
  beforeAll(async () => {
    t = await createPaymentsTestApp("payment_hold", { env: { PAYMENT_HOLD_WAIT_MS: "1500" } });
  });
  beforeEach(() => {
    t.holdOrders.manually = true;
  });
  afterAll(() => t.close());

  const started = (orderId: string) =>
    t.published<{ id: string; orderId: string }>(
      "payment.started",
      (data) => data.orderId === orderId,
    );

  it("asks orders with payment.started and charges only once order.held has come", async () => {
    const { order, buyer } = await t.seedOrder();
    const answer = t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).then();

    const { data } = await started(order.id);
    expect(t.ledgerOf(order.id).charges).toEqual([]);
    await t.publish(OrderHeld.build({ id: order.id, paymentId: data.id }));

    const res = await answer;
    expect(res.status).toBe(201);
    expect(res.body.id).toBe(data.id);
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });

  it("charges nothing and answers 409 when orders cancelled the order before holding it", async () => {
    const { order, buyer } = await t.seedOrder();
    const answer = t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).then();

    const { data } = await started(order.id);
    await t.apply(sample.orderCancelled({ id: order.id, userId: buyer.user.id }));

    const res = await answer;
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      errors: [{ message: "The payment was canceled: the order is cancelled" }],
    });
    expect(t.ledgerOf(order.id).charges).toEqual([]);
    expect(await findPayment(t.db, data.id)).toMatchObject({ status: "canceled" });
  });

  it("answers 503, charging nothing, when orders does not answer in time; the same key then pays", async () => {
    const { order, buyer } = await t.seedOrder();
    const body = { orderId: order.id, paymentMethodId: "pm_card_visa" };
    const key = { "Idempotency-Key": crypto.randomUUID() };

    const late = await t.pay(buyer, body, key);

    expect(late.status).toBe(503);
    expect(late.body.errors[0].message).toMatch(/nothing is charged until it is/);
    expect(t.ledgerOf(order.id).charges).toEqual([]);
    const { data } = await started(order.id);
    await t.apply(OrderHeld.build({ id: order.id, paymentId: data.id }));

    const retry = await t.pay(buyer, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(data.id);
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });
});
