import { busBatchSizeOf, sampleOrder } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

describe("order events that arrive together", () => {
  let t: TicketsTestApp;
  beforeAll(async () => {
    t = await createTicketsTestApp("order_batches");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("leave every ticket as they would one by one, each version announced once, in order", async () => {
    const tickets = await Promise.all(Array.from({ length: 30 }, () => t.listTicket()));
    const first = tickets.map((ticket) => sampleOrder({ ticketId: ticket.id }));
    const next = tickets.slice(0, 5).map((ticket) => sampleOrder({ ticketId: ticket.id }));
    const before = await busBatchSizeOf("tickets-order-created");
    // A restart's backlog: every event waits on the stream, then the consumers take them in batches.
    await t.messaging.stop();
    const events = [
      ...first.map((order) => order.created()),
      ...first.slice(0, 10).map((order) => order.cancelled()),
      ...first.slice(10, 20).map((order) => order.completed()),
      // The next buyers of the first five, once their tickets are released.
      ...next.map((order) => order.created()),
    ];
    for (const event of events) await t.publish(event);

    await t.messaging.start();

    await Promise.all(events.map((event) => t.applied(event)));
    const shown = await Promise.all(tickets.map((ticket) => t.ticketWhen(ticket.id, () => true)));
    const holders = shown.map((ticket) => [ticket.status, ticket.orderId]);
    expect(holders).toEqual([
      ...next.map((order) => ["reserved", order.id]),
      ...first.slice(5, 10).map(() => ["available", null]),
      ...first.slice(10, 20).map((order) => ["sold", order.id]),
      ...first.slice(20).map((order) => ["reserved", order.id]),
    ]);
    for (const ticket of shown) {
      if (ticket.version > 0) {
        await t.events.waitFor(
          "ticket.updated",
          (data) => data.id === ticket.id && data.version === ticket.version,
        );
      }
      expect(t.updatesOf(ticket.id).map((update) => update.version)).toEqual(
        Array.from({ length: ticket.version }, (_, v) => v + 1),
      );
    }
    const after = await busBatchSizeOf("tickets-order-created");
    // Some transaction applied more than one event: the batch path ran, not only the single one.
    expect(after.events - before.events).toBeGreaterThan(after.transactions - before.transactions);
  });
});
