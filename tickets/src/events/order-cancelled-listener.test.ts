import { sampleOrder } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

describe("order.cancelled", () => {
  let t: TicketsTestApp;
  beforeAll(async () => {
    t = await createTicketsTestApp("order_cancelled");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("releases the order's reservation and publishes ticket.updated at version 2", async () => {
    const ticket = await t.listTicket();
    const order = sampleOrder({ ticketId: ticket.id });
    await t.publish(order.created());
    await t.ticketWhen(ticket.id, (shown) => shown.status === "reserved");

    await t.publish(order.cancelled());
    const event = await t.events.waitFor(
      "ticket.updated",
      (data) => data.id === ticket.id && data.version === 2,
    );
    expect(event.data).toMatchObject({ status: "available", orderId: null });
    const listed = await request(t.app).get("/api/tickets").expect(200);
    expect(listed.body.map((shown: { id: string }) => shown.id)).toContain(ticket.id);
  });

  it("never lets a stale cancellation of an older order unlock the newer reservation", async () => {
    const ticket = await t.listTicket();
    const older = sampleOrder({ ticketId: ticket.id });
    const newer = sampleOrder({ ticketId: ticket.id });
    await t.publish(older.created());
    await t.ticketWhen(ticket.id, (shown) => shown.orderId === older.id);
    await t.publish(older.cancelled());
    await t.ticketWhen(ticket.id, (shown) => shown.status === "available");
    await t.publish(newer.created());
    await t.ticketWhen(ticket.id, (shown) => shown.orderId === newer.id);

    // The older order's cancellation once more, as if published again.
    const stale = older.cancelled();
    await t.publish(stale);
    await t.applied(stale);
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toMatchObject({ status: "reserved", orderId: newer.id, version: 3 });
  });

  it("leaves another order's reservation alone when a never-seen order is cancelled", async () => {
    const ticket = await t.listTicket();
    const holder = sampleOrder({ ticketId: ticket.id });
    const stranger = sampleOrder({ ticketId: ticket.id });
    await t.publish(holder.created());
    await t.ticketWhen(ticket.id, (shown) => shown.orderId === holder.id);

    const cancelled = stranger.cancelled();
    await t.publish(cancelled);
    await t.applied(cancelled);
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toMatchObject({ status: "reserved", orderId: holder.id, version: 1 });
  });

  it("leaves the ticket available when the cancellation arrives before its order.created", async () => {
    const ticket = await t.listTicket();
    const order = sampleOrder({ ticketId: ticket.id });
    const cancelled = order.cancelled();
    await t.publish(cancelled);
    await t.applied(cancelled);

    const created = order.created();
    await t.publish(created);
    await t.applied(created);
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toMatchObject({ status: "available", orderId: null, version: 0 });
    expect(t.updatesOf(ticket.id)).toEqual([]);

    // And the ticket is free for the next buyer.
    const next = sampleOrder({ ticketId: ticket.id });
    await t.publish(next.created());
    await t.ticketWhen(ticket.id, (now) => now.orderId === next.id);
  });

  it("dead-letters the cancellation of a complete order, leaving the ticket sold", async () => {
    const ticket = await t.listTicket();
    const order = sampleOrder({ ticketId: ticket.id });
    await t.publish(order.created());
    await t.publish(order.completed());
    await t.ticketWhen(ticket.id, (shown) => shown.status === "sold");

    const cancelled = order.cancelled();
    await t.publish(cancelled);
    expect(await t.deadLettered(cancelled)).toMatch(/complete order cannot be cancelled/);
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toMatchObject({ status: "sold", orderId: order.id });
  });
});
