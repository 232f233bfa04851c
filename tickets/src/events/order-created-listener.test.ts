import { randomUUID } from "node:crypto";
import { sampleOrder } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

describe("order.created", () => {
  let t: TicketsTestApp;
  beforeAll(async () => {
    t = await createTicketsTestApp("order_created");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reserves the ticket for the order and publishes ticket.updated at version 1", async () => {
    const ticket = await t.listTicket({ title: "Concert", price: 20 });
    const order = sampleOrder({ ticketId: ticket.id });
    await t.publish(order.created());
    const event = await t.events.waitFor("ticket.updated", (data) => data.id === ticket.id);
    expect(event.data).toEqual({
      id: ticket.id,
      title: "Concert",
      priceCents: 2_000,
      userId: ticket.userId,
      version: 1,
      status: "reserved",
      orderId: order.id,
      category: "other",
      venue: "",
      startsAt: null,
    });
    const shown = await t.ticketWhen(ticket.id, (shown) => shown.status === "reserved");
    expect(shown).toMatchObject({ orderId: order.id, version: 1 });
  });

  it("changes nothing when the same event is delivered again", async () => {
    const ticket = await t.listTicket();
    const created = sampleOrder({ ticketId: ticket.id }).created();
    await t.publish(created);
    await t.events.waitFor("ticket.updated", (data) => data.id === ticket.id);

    await t.redeliver(created);
    // The consumer takes its messages in stream order: once a later one is applied, so was this.
    const later = await t.listTicket();
    await t.publish(sampleOrder({ ticketId: later.id }).created());
    await t.events.waitFor("ticket.updated", (data) => data.id === later.id);

    expect(t.updatesOf(ticket.id).map((data) => data.version)).toEqual([1]);
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toMatchObject({ status: "reserved", version: 1 });
  });

  it("waits while another order holds the ticket, then reserves it once that order is cancelled", async () => {
    const ticket = await t.listTicket();
    const first = sampleOrder({ ticketId: ticket.id });
    const second = sampleOrder({ ticketId: ticket.id });
    await t.publish(first.created());
    await t.ticketWhen(ticket.id, (shown) => shown.orderId === first.id);

    const waiting = second.created();
    await t.publish(waiting);
    await t.delivered(waiting);
    const held = await t.ticketWhen(ticket.id, () => true);
    expect(held).toMatchObject({ status: "reserved", orderId: first.id, version: 1 });

    await t.publish(first.cancelled());
    const reserved = await t.ticketWhen(ticket.id, (shown) => shown.orderId === second.id);
    expect(reserved).toMatchObject({ status: "reserved", version: 3 });
    await t.applied(waiting);
    await t.events.waitFor("ticket.updated", (data) => data.id === ticket.id && data.version === 3);
    expect(t.updatesOf(ticket.id).map((data) => data.version)).toEqual([1, 2, 3]);
  });

  it("dead-letters an order for a ticket sold to another order, leaving it sold", async () => {
    const ticket = await t.listTicket();
    const buyer = sampleOrder({ ticketId: ticket.id });
    await t.publish(buyer.completed());
    await t.ticketWhen(ticket.id, (shown) => shown.status === "sold");

    const late = sampleOrder({ ticketId: ticket.id }).created();
    await t.publish(late);
    expect(await t.deadLettered(late)).toMatch(/sold to order/);
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toMatchObject({ status: "sold", orderId: buyer.id, version: 1 });
  });

  it("dead-letters an order for a ticket this service never listed", async () => {
    const stray = sampleOrder({ ticketId: randomUUID() }).created();
    await t.publish(stray);
    expect(await t.deadLettered(stray)).toMatch(/unknown/);
  });
});
