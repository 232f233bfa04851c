import { randomUUID } from "node:crypto";
import { TicketCreated } from "@microtickets/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTicket } from "../domain/ticket-replica.js";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("orders' messaging across a restart", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("listeners_restart");
  });
  afterAll(() => t.close());

  it("applies events published while its listeners were stopped once they are back", async () => {
    await t.messaging.stop();
    const created = TicketCreated.build({
      id: randomUUID(),
      title: "While away",
      priceCents: 3_000,
      userId: randomUUID(),
      version: 0,
      category: "other",
      venue: "",
      startsAt: null,
    });
    await t.publish(created);

    await t.messaging.start();
    await t.applied(created);

    expect(await findTicket(t.db, created.data.id)).toMatchObject({ title: "While away" });
  });

  it("publishes an order committed while the outbox relay was stopped once it is back", async () => {
    const ticket = await t.seedTicket();
    await t.messaging.stop();

    const { order } = await t.placeOrder(ticket.id);
    const pending = await t.db.query(
      "SELECT 1 FROM outbox WHERE data->>'id' = $1 AND published_at IS NULL",
      [order.id],
    );
    expect(pending.rowCount).toBe(1);

    await t.messaging.start();
    const created = await t.published("order.created", (data) => data.id === order.id);

    expect(created.data).toMatchObject({ id: order.id, ticket: { id: ticket.id } });
  });
});
