import { randomUUID } from "node:crypto";
import { busBatchSizeOf } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";

describe("the order.created listener", () => {
  let t: PaymentsTestApp;
  beforeAll(async () => {
    t = await createPaymentsTestApp("order_created");
  });
  afterAll(() => t.close());

  it("records a backlog of new orders at once, an order announced twice recorded once", async () => {
    const buyer = randomUUID();
    const orders = Array.from({ length: 40 }, (_, i) =>
      t.orderCreated(buyer, { ticket: { id: randomUUID(), priceCents: 1_000 + i } }),
    );
    const before = await busBatchSizeOf("payments-order-created");
    await t.messaging.stop();
    for (const order of orders) await t.publish(order);
    const again = orders[3];
    if (again) await t.redeliver(again);

    await t.messaging.start();

    await Promise.all(orders.map((order) => t.applied(order)));
    const { rows } = await t.db.query<{ id: string; amount_cents: number; status: string }>(
      "SELECT id, amount_cents, status FROM orders WHERE user_id = $1 ORDER BY amount_cents",
      [buyer],
    );
    expect(rows).toEqual(
      orders.map((order) => ({
        id: order.data.id,
        amount_cents: order.data.ticket.priceCents,
        status: "created",
      })),
    );
    const after = await busBatchSizeOf("payments-order-created");
    expect(after.events - before.events).toBeGreaterThan(after.transactions - before.transactions);
  });
});
