import { sampleOrder } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

describe("order.completed", () => {
  let t: TicketsTestApp;
  beforeAll(async () => {
    t = await createTicketsTestApp("order_completed");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("sells the reserved ticket: published, no longer listed, no longer editable", async () => {
    const seller = await t.sessions.signIn();
    const ticket = await t.listTicket({ title: "Final", price: 99.99 }, seller.cookie);
    const order = sampleOrder({ ticketId: ticket.id });
    await t.publish(order.created());
    await t.ticketWhen(ticket.id, (shown) => shown.status === "reserved");

    await t.publish(order.completed());
    const event = await t.events.waitFor(
      "ticket.updated",
      (data) => data.id === ticket.id && data.version === 2,
    );
    expect(event.data).toMatchObject({ status: "sold", orderId: order.id, priceCents: 9_999 });
    const listed = await request(t.app).get("/api/tickets").expect(200);
    expect(listed.body.map((shown: { id: string }) => shown.id)).not.toContain(ticket.id);
    await request(t.app)
      .put(`/api/tickets/${ticket.id}`)
      .set("Cookie", seller.cookie)
      .send({ title: "Again", price: 1 })
      .expect(409, { errors: [{ message: "Ticket is sold" }] });
  });

  it("sells a ticket whose order.created has not arrived yet, and ignores it when it does", async () => {
    const ticket = await t.listTicket();
    const order = sampleOrder({ ticketId: ticket.id });
    await t.publish(order.completed());
    const sold = await t.ticketWhen(ticket.id, (shown) => shown.status === "sold");
    expect(sold).toMatchObject({ orderId: order.id, version: 1 });

    const late = order.created();
    await t.publish(late);
    await t.applied(late);
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toMatchObject({ status: "sold", orderId: order.id, version: 1 });
  });

  it("sells to the paid order even before an older order's cancellation arrives", async () => {
    const ticket = await t.listTicket();
    const older = sampleOrder({ ticketId: ticket.id });
    const paid = sampleOrder({ ticketId: ticket.id });
    await t.publish(older.created());
    await t.ticketWhen(ticket.id, (shown) => shown.orderId === older.id);

    await t.publish(paid.completed());
    await t.ticketWhen(ticket.id, (shown) => shown.status === "sold");
    const cancelled = older.cancelled();
    await t.publish(cancelled);
    await t.applied(cancelled);
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toMatchObject({ status: "sold", orderId: paid.id, version: 2 });
  });

  it("changes nothing when the same completion is delivered again", async () => {
    const ticket = await t.listTicket();
    const order = sampleOrder({ ticketId: ticket.id });
    const completed = order.completed();
    await t.publish(completed);
    await t.ticketWhen(ticket.id, (shown) => shown.status === "sold");

    await t.redeliver(completed);
    const later = await t.listTicket();
    await t.publish(sampleOrder({ ticketId: later.id }).completed());
    await t.ticketWhen(later.id, (shown) => shown.status === "sold");
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toMatchObject({ status: "sold", orderId: order.id, version: 1 });
  });

  it("dead-letters a completion for a ticket sold to another order", async () => {
    const ticket = await t.listTicket();
    const buyer = sampleOrder({ ticketId: ticket.id });
    await t.publish(buyer.completed());
    await t.ticketWhen(ticket.id, (shown) => shown.status === "sold");

    const other = sampleOrder({ ticketId: ticket.id }).completed();
    await t.publish(other);
    expect(await t.deadLettered(other)).toMatch(/sold to order/);
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toMatchObject({ status: "sold", orderId: buyer.id, version: 1 });
  });

  it("dead-letters the completion of a cancelled order, leaving the ticket to its next buyer", async () => {
    const ticket = await t.listTicket();
    const cancelledOrder = sampleOrder({ ticketId: ticket.id });
    const next = sampleOrder({ ticketId: ticket.id });
    // Its events may apply in either order; either way the next buyer ends up holding the ticket.
    await t.publish(cancelledOrder.created());
    await t.publish(cancelledOrder.cancelled());
    await t.publish(next.created());
    const held = await t.ticketWhen(ticket.id, (shown) => shown.orderId === next.id);

    const completed = cancelledOrder.completed();
    await t.publish(completed);
    expect(await t.deadLettered(completed)).toMatch(/cancelled order cannot complete/);
    const shown = await t.ticketWhen(ticket.id, () => true);
    expect(shown).toEqual(held);
  });
});
