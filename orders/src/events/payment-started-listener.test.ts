import { sample } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepExpiredOrders } from "../domain/expiry-sweep.js";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

/** How long a cancellation waits for a charge under way; the tests end it sooner, or not at all. */
const CANCEL_WAIT_MS = 1_500;

/** Paying in time wins: an attempt payments accepted holds its order until the attempt ends. */
describe("the payment.started listener", () => {
  let t: OrdersTestApp;
  // Orders' own clock: a test moves it past an order's lock.
  let now = new Date();
  beforeAll(async () => {
    t = await createOrdersTestApp("payment_started", {
      clock: () => now,
      lockSeconds: 60,
      env: { CANCEL_WAITS_FOR_PAYMENT_MS: String(CANCEL_WAIT_MS) },
    });
  });
  afterAll(() => t.close());

  const cancel = (id: string, cookie: string) =>
    request(t.app).delete(`/api/orders/${id}`).set("Cookie", cookie);
  const pastTheLock = (expiresAt: string) => new Date(Date.parse(expiresAt) + 1_000);
  const sweep = () => sweepExpiredOrders(t.db, { now, holdSeconds: 120 });

  it("holds an open order for the attempt and tells payments with order.held", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);

    await payment.starts();

    const held = await t.published("order.held", (data) => data.id === order.id);
    expect(held.data).toEqual({ id: order.id, paymentId: payment.id });
    expect(await t.stored(order.id)).toEqual({ status: "created", version: 0 });
  });

  it("refuses the buyer's cancellation with 409 when the charge outlasts the wait, and completes it when paid", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.starts();

    const res = await cancel(order.id, buyer.cookie);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      errors: [{ message: "A payment for this order is under way; it cannot be cancelled now" }],
    });
    await payment.succeeds();
    expect(await t.stored(order.id)).toEqual({ status: "complete", version: 1 });
  });

  it("answers a cancellation that waited for the charge with 204 once the charge fails", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.starts();

    const res = cancel(order.id, buyer.cookie).then((answer) => answer); // sent before the end
    await payment.fails();

    expect((await res).status).toBe(204);
    expect(await t.stored(order.id)).toMatchObject({ status: "cancelled" });
  });

  it("answers a cancellation that waited for the charge with 409 once the charge succeeds", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.starts();

    const res = cancel(order.id, buyer.cookie).then((answer) => answer); // sent before the end
    await payment.succeeds();

    expect((await res).body).toEqual({
      errors: [{ message: "A complete order cannot be cancelled" }],
    });
    expect(await t.stored(order.id)).toEqual({ status: "complete", version: 1 });
  });

  it("lets the buyer cancel once the attempt has failed", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.starts();
    await payment.fails();

    await cancel(order.id, buyer.cookie).expect(204);

    expect(await t.stored(order.id)).toMatchObject({ status: "cancelled" });
  });

  it("keeps a held order past its lock, whether the expiration or the sweep comes, until paid", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.starts();
    now = pastTheLock(order.expiresAt);

    await t.apply(sample.expirationComplete({ orderId: order.id }));
    await sweep();

    expect(await t.stored(order.id)).toEqual({ status: "created", version: 0 });
    await payment.succeeds();
    expect(await t.stored(order.id)).toEqual({ status: "complete", version: 1 });
  });

  it("holds an order whose lock ran out before the attempt's word arrived, if still open", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    now = pastTheLock(order.expiresAt);
    const payment = t.paymentAttempt(order.id);

    await payment.starts();
    await sweep();

    expect(await t.stored(order.id)).toMatchObject({ status: "created" });
    await t.published("order.held", (data) => data.paymentId === payment.id);
  });

  it("cancels a held order past its lock once its attempt fails and payments closes it", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.starts();
    now = pastTheLock(order.expiresAt);
    await t.apply(sample.expirationComplete({ orderId: order.id }));

    await payment.fails();

    await t.published("order.cancelled", (data) => data.id === order.id);
    expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 1 });
    expect(await t.announced(order.id)).toEqual([
      "order.created",
      "order.held",
      "order.lock-expired",
      "order.cancelled",
    ]);
  });

  it("holds an order for an attempt whose word arrives after orders asked payments about the expiry", async () => {
    t.payments.manually = true;
    try {
      const { order } = await t.placeOrder((await t.seedTicket()).id);
      now = pastTheLock(order.expiresAt);
      await t.apply(sample.expirationComplete({ orderId: order.id }));
      await t.published("order.lock-expired", (data) => data.id === order.id);
      const payment = t.paymentAttempt(order.id);

      // Payments took the attempt before the lock ran out; its word was held up on the bus.
      await payment.starts();
      await payment.succeeds();

      expect(await t.stored(order.id)).toEqual({ status: "complete", version: 1 });
      expect(await t.announced(order.id)).toEqual([
        "order.created",
        "order.lock-expired",
        "order.held",
        "order.completed",
      ]);
    } finally {
      t.payments.manually = false;
    }
  });

  it("does not hold an order cancelled first: payments hears of the cancellation instead", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    await cancel(order.id, buyer.cookie).expect(204);

    await t.paymentAttempt(order.id).starts();

    expect(await t.announced(order.id)).toEqual(["order.created", "order.cancelled"]);
  });

  it("does not hold an order for an attempt whose failure arrived first", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const payment = t.paymentAttempt(order.id);
    await payment.fails();

    await payment.starts();

    expect(await t.announced(order.id)).toEqual(["order.created"]);
    now = pastTheLock(order.expiresAt);
    await sweep();
    await t.published("order.cancelled", (data) => data.id === order.id);
  });
});
