import { randomUUID } from "node:crypto";
import { TicketCreated } from "@microtickets/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTicket } from "../domain/ticket-replica.js";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("the ticket.created listener", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("ticket_created");
  });
  afterAll(() => t.close());

  it("records a new ticket as available at version 0, leaving out the event it is for", async () => {
    const created = TicketCreated.build({
      id: randomUUID(),
      title: "Jazz night",
      priceCents: 1_250,
      userId: randomUUID(),
      version: 0,
      category: "concerts",
      venue: "Blue Note",
      startsAt: "2030-06-01T20:00:00.000Z",
    });

    await t.publish(created);
    await t.applied(created);

    const { id, title, priceCents, userId, version } = created.data;
    expect(await findTicket(t.db, id)).toEqual({
      id,
      title,
      priceCents,
      userId,
      version,
    });
  });

  it("keeps the first creation when a ticket is announced twice", async () => {
    const ticket = await t.seedTicket({ title: "First" });
    const again = TicketCreated.build({ ...ticket, title: "Second" });

    await t.publish(again);
    await t.applied(again);

    expect((await findTicket(t.db, ticket.id))?.title).toBe("First");
  });
});
