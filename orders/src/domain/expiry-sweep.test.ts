import { randomUUID } from "node:crypto";
import { createLogger, PaymentCreated } from "@microtickets/common";
import { eventually } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";
import { startExpirySweep, sweepExpiredOrders } from "./expiry-sweep.js";

describe("the expiry sweep", () => {
  let t: OrdersTestApp;
  // The sweep gets its time from the clock too, so tests move time instead of waiting for it.
  let now = Date.parse("2032-06-01T08:00:00.000Z");
  const lockMs = 900_000;
  const holdSeconds = 120;
  beforeAll(async () => {
    t = await createOrdersTestApp("expiry_sweep", { clock: () => new Date(now), lockSeconds: 900 });
  });
  afterAll(() => t.close());

  const sweepAt = (time: number, batchSize?: number) =>
    sweepExpiredOrders(t.db, { now: new Date(time), holdSeconds }, batchSize);
  /** Past every lock so far and its hold: what is overdue is cancelled without asking. */
  const pastEveryHold = () => now + lockMs + holdSeconds * 1_000;
  const statusOf = async (id: string) =>
    (await t.db.query("SELECT status FROM orders WHERE id = $1", [id])).rows[0]?.status;
  const placeOrders = (count: number) =>
    Promise.all(
      Array.from(
        { length: count },
        async () => (await t.placeOrder((await t.seedTicket()).id)).order,
      ),
    );
  const cancellationsOf = async (ids: string[]) =>
    (
      await t.db.query(
        "SELECT 1 FROM outbox WHERE subject = 'order.cancelled' AND data->>'id' = ANY($1::text[])",
        [ids],
      )
    ).rowCount;

  /** Moves time well past every lock so far and sweeps what earlier tests left open. */
  const startAfresh = async () => {
    now += lockMs * 10;
    await sweepAt(now);
  };

  it("asks payments about an open order past its lock, without any expiration event, and cancels it on the answer", async () => {
    const ticket = await t.seedTicket();
    const { order, buyer } = await t.placeOrder(ticket.id);

    now = Date.parse(order.expiresAt);

    expect(await sweepAt(now)).toBe(0);

    const asked = await t.published("order.lock-expired", (data) => data.id === order.id);
    expect(asked.data).toEqual({ id: order.id, userId: buyer.user.id });
    const event = await t.published("order.cancelled", (data) => data.id === order.id);
    expect(event.data).toEqual({
      id: order.id,
      userId: buyer.user.id,
      version: 1,
      ticket: { id: ticket.id },
    });
    expect(await statusOf(order.id)).toBe("cancelled");
  });

  it("keeps an order payments has not answered for, then cancels it on its own once the hold is over", async () => {
    t.payments.manually = true;
    try {
      const { order } = await t.placeOrder((await t.seedTicket()).id);
      const expiresAt = Date.parse(order.expiresAt);
      await sweepAt(expiresAt);
      await t.published("order.lock-expired", (data) => data.id === order.id);

      expect(await sweepAt(expiresAt + holdSeconds * 1_000 - 1)).toBe(0);
      expect(await statusOf(order.id)).toBe("created");

      expect(await sweepAt(expiresAt + holdSeconds * 1_000)).toBe(1);
      expect(await statusOf(order.id)).toBe("cancelled");
      expect(await t.announced(order.id)).toEqual([
        "order.created",
        "order.lock-expired",
        "order.cancelled",
      ]);
    } finally {
      t.payments.manually = false;
    }
  });

  it("leaves complete orders and orders still within their lock alone", async () => {
    const [paid] = await placeOrders(1);
    now += lockMs / 2;
    const [fresh] = await placeOrders(1);
    if (!paid || !fresh) throw new Error("orders were not placed");
    const payment = PaymentCreated.build({
      id: randomUUID(),
      orderId: paid.id,
      stripeId: "pi_sweep",
      amountCents: 2_050,
    });
    await t.publish(payment);
    await t.applied(payment);

    // Past the paid order's lock and hold, not yet past the fresh one's lock.
    await sweepAt(Date.parse(paid.expiresAt) + holdSeconds * 1_000);

    expect(await statusOf(paid.id)).toBe("complete");
    expect(await statusOf(fresh.id)).toBe("created");
    expect(await cancellationsOf([paid.id, fresh.id])).toBe(0);
  });

  it("cancels everything overdue, batch after batch", async () => {
    await startAfresh();
    const orders = await placeOrders(5);

    const cancelled = await sweepAt(pastEveryHold(), 2);

    expect(cancelled).toBe(5);
    for (const order of orders) expect(await statusOf(order.id)).toBe("cancelled");
    expect(await cancellationsOf(orders.map((order) => order.id))).toBe(5);
  });

  it("cancels each order once when replicas sweep at the same time", async () => {
    await startAfresh();
    const orders = await placeOrders(12);
    const later = pastEveryHold();

    const counts = await Promise.all([sweepAt(later, 3), sweepAt(later, 3), sweepAt(later, 3)]);

    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(12);
    expect(await cancellationsOf(orders.map((order) => order.id))).toBe(12);
  });

  it("runs on its interval with the injected clock until stopped", async () => {
    await startAfresh();
    const [order] = await placeOrders(1);
    if (!order) throw new Error("order was not placed");
    const stop = startExpirySweep({
      pool: t.db,
      clock: () => new Date(now + lockMs),
      holdSeconds,
      intervalMs: 10,
      logger: createLogger("orders-test"),
    });
    try {
      await eventually(async () => (await statusOf(order.id)) === "cancelled", {
        timeoutMs: 10_000,
      });
    } finally {
      await stop();
    }
    expect(await cancellationsOf([order.id])).toBe(1);
  });
});
