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
  beforeAll(async () => {
    t = await createOrdersTestApp("expiry_sweep", { clock: () => new Date(now), lockSeconds: 900 });
  });
  afterAll(() => t.close());

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
    await sweepExpiredOrders(t.db, new Date(now));
  };

  it("cancels an open order past its lock without any expiration event, and announces it", async () => {
    const ticket = await t.seedTicket();
    const { order, buyer } = await t.placeOrder(ticket.id);

    const cancelled = await sweepExpiredOrders(t.db, new Date(Date.parse(order.expiresAt)));

    expect(cancelled).toBeGreaterThanOrEqual(1);
    expect(await statusOf(order.id)).toBe("cancelled");
    const event = await t.published("order.cancelled", (data) => data.id === order.id);
    expect(event.data).toEqual({
      id: order.id,
      userId: buyer.user.id,
      version: 1,
      ticket: { id: ticket.id },
    });
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

    // Past the paid order's lock, not yet past the fresh one's.
    await sweepExpiredOrders(t.db, new Date(Date.parse(paid.expiresAt) + 1_000));

    expect(await statusOf(paid.id)).toBe("complete");
    expect(await statusOf(fresh.id)).toBe("created");
    expect(await cancellationsOf([paid.id, fresh.id])).toBe(0);
  });

  it("cancels everything overdue, batch after batch", async () => {
    await startAfresh();
    const orders = await placeOrders(5);

    const cancelled = await sweepExpiredOrders(t.db, new Date(now + lockMs), 2);

    expect(cancelled).toBe(5);
    for (const order of orders) expect(await statusOf(order.id)).toBe("cancelled");
    expect(await cancellationsOf(orders.map((order) => order.id))).toBe(5);
  });

  it("cancels each order once when replicas sweep at the same time", async () => {
    await startAfresh();
    const orders = await placeOrders(12);
    const later = new Date(now + lockMs);

    const counts = await Promise.all([
      sweepExpiredOrders(t.db, later, 3),
      sweepExpiredOrders(t.db, later, 3),
      sweepExpiredOrders(t.db, later, 3),
    ]);

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
