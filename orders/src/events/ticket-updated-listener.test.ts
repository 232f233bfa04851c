import { randomUUID } from "node:crypto";
import { type DataOf, TicketCreated, TicketUpdated } from "@microtickets/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTicket } from "../domain/ticket-replica.js";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("the ticket.updated listener", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("ticket_updated");
  });
  afterAll(() => t.close());

  const update = (
    ticket: DataOf<typeof TicketCreated>,
    change: Partial<DataOf<typeof TicketUpdated>>,
  ) => TicketUpdated.build({ ...ticket, status: "available", orderId: null, ...change });

  it("applies updates strictly in version order, however late the earlier ones arrive", async () => {
    const ticket = {
      id: randomUUID(),
      title: "v0",
      priceCents: 1_000,
      userId: randomUUID(),
      version: 0,
      category: "sports" as const,
      venue: "",
      startsAt: null,
    };
    const created = TicketCreated.build(ticket);
    const v1 = update(ticket, { version: 1, title: "v1", priceCents: 1_100 });
    const v2 = update(ticket, {
      version: 2,
      title: "v2",
      priceCents: 1_200,
      orderId: randomUUID(),
    });
    const v1Again = update(ticket, { version: 1, title: "v1 again", priceCents: 1_111 });

    // Newest first, the creation last, then a stale copy of v1.
    await t.publish(v2);
    await t.publish(v1);
    await t.publish(created);
    await Promise.all([t.applied(v2), t.applied(v1), t.applied(created)]);
    await t.publish(v1Again);
    await t.applied(v1Again);

    expect(await findTicket(t.db, ticket.id)).toEqual({
      id: ticket.id,
      title: "v2",
      priceCents: 1_200,
      userId: ticket.userId,
      version: 2,
    });
    const deadLetters = await t.db.query("SELECT reason FROM dead_letters");
    expect(deadLetters.rows).toEqual([]);
  });

  it("ignores an update the replica has already moved past", async () => {
    const ticket = await t.seedTicket({ title: "Original" });
    const v1 = update(ticket, { version: 1, title: "Edited" });
    await t.publish(v1);
    await t.applied(v1);

    const old = update(ticket, { version: 0, title: "Stale" });
    await t.publish(old);
    await t.applied(old);

    expect(await findTicket(t.db, ticket.id)).toMatchObject({ title: "Edited", version: 1 });
  });
});
