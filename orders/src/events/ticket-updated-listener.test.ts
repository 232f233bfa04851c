import { randomUUID } from "node:crypto";
import { type DataOf, TicketCreated, TicketUpdated } from "@microtickets/common";
import { busBatchSizeOf, sample } from "@microtickets/common/testing";
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

describe("ticket updates that arrive together", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("ticket_updates_batched");
  });
  afterAll(() => t.close());

  it("are applied in version order, each ticket ending at its newest, whatever order they came in", async () => {
    const tickets = Array.from({ length: 16 }, () =>
      sample.ticketCreated({ title: "v0", priceCents: 1_000 }),
    );
    await Promise.all(tickets.map((ticket) => t.apply(ticket)));
    const updates = tickets.flatMap((created) =>
      [1, 2, 3].map((version) =>
        TicketUpdated.build({
          ...created.data,
          status: "available",
          orderId: null,
          version,
          title: `v${version}`,
          priceCents: 1_000 + version,
        }),
      ),
    );
    // A restart's backlog, the last ticket's updates newest first.
    const backlog = [...updates.slice(0, -3), ...updates.slice(-3).reverse()];
    const before = await busBatchSizeOf("orders-ticket-updated");
    await t.messaging.stop();
    for (const event of backlog) await t.publish(event);

    await t.messaging.start();

    await Promise.all(updates.map((event) => t.applied(event)));
    for (const created of tickets) {
      expect(await findTicket(t.db, created.data.id)).toMatchObject({
        title: "v3",
        priceCents: 1_003,
        version: 3,
      });
    }
    const after = await busBatchSizeOf("orders-ticket-updated");
    expect(after.events - before.events).toBeGreaterThan(after.transactions - before.transactions);
  });
});
