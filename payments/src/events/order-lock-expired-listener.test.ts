import { OrderHeld } from "@microtickets/common";
import { sample } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";

/**
 * Orders asks before cancelling an order whose lock ran out (order.lock-expired): payments
 * closes it to new attempts, and answers payment.window-closed once no attempt of it is open, so
 * a payment accepted in time never loses to the lock. Here the test plays orders' part.
 */
describe("the order.lock-expired listener", () => {
  let t: PaymentsTestApp;
  beforeAll(async () => {
    t = await createPaymentsTestApp("order_lock_expired");
  });
  afterAll(() => t.close());

  const windowClosings = async (orderId: string) =>
    (
      await t.db.query(
        "SELECT 1 FROM outbox WHERE subject = 'payment.window-closed' AND data->>'orderId' = $1",
        [orderId],
      )
    ).rowCount;

  it("answers payment.window-closed for an order with no open payment, and takes none after", async () => {
    const { order, buyer } = await t.seedOrder();

    await t.apply(sample.orderLockExpired({ id: order.id, userId: buyer.user.id }));

    const closed = await t.published("payment.window-closed", (data) => data.orderId === order.id);
    expect(closed.data).toEqual({ orderId: order.id });
    const res = await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ errors: [{ message: "Order has expired" }] });
    expect(t.ledgerOf(order.id).charges).toEqual([]);
  });

  it("lets a payment accepted before it go on, and answers when that payment fails", async () => {
    t.holdOrders.manually = true;
    try {
      const { order, buyer } = await t.seedOrder();
      const answer = t
        .pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_chargeDeclined" })
        .then();
      const { data } = await t.published<{ id: string; orderId: string }>(
        "payment.started",
        (started) => started.orderId === order.id,
      );

      await t.apply(sample.orderLockExpired({ id: order.id, userId: buyer.user.id }));

      expect(await windowClosings(order.id)).toBe(0);
      await t.publish(OrderHeld.build({ id: order.id, paymentId: data.id }));
      expect((await answer).status).toBe(402);
      await t.published("payment.failed", (failed) => failed.id === data.id);
      await t.published("payment.window-closed", (closed) => closed.orderId === order.id);
      expect(await windowClosings(order.id)).toBe(1);
    } finally {
      t.holdOrders.manually = false;
    }
  });

  it("closes an order it has not heard of yet, so its order.created opens nothing", async () => {
    const buyer = await t.sessions.signIn();
    const created = t.orderCreated(buyer.user.id);

    await t.apply(sample.orderLockExpired({ id: created.data.id, userId: buyer.user.id }));
    await t.apply(created);

    await t.published("payment.window-closed", (data) => data.orderId === created.data.id);
    const res = await t.pay(buyer, { orderId: created.data.id, paymentMethodId: "pm_card_visa" });
    expect(res.status).toBe(409);
  });
});
