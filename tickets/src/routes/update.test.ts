import { randomUUID } from "node:crypto";
import { sampleOrder } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

describe("PUT /api/tickets/:id", () => {
  let t: TicketsTestApp;
  let seller: { user: { id: string }; cookie: string };
  beforeAll(async () => {
    t = await createTicketsTestApp("update");
    seller = await t.sessions.signIn();
  });
  afterAll(async () => {
    await t?.close();
  });

  const put = (id: string, body: unknown, cookie = seller.cookie) =>
    request(t.app)
      .put(`/api/tickets/${id}`)
      .set("Cookie", cookie)
      .send(body as object);
  const listOwn = () => t.listTicket({ title: "Concert", price: 20 }, seller.cookie);

  it("edits the seller's ticket, one version further", async () => {
    const ticket = await listOwn();
    const res = await put(ticket.id, { title: " Concert, front row ", price: "35.10" }).expect(200);
    expect(res.body).toEqual({ ...ticket, title: "Concert, front row", price: 35.1, version: 1 });
    await request(t.app).get(`/api/tickets/${ticket.id}`).expect(200, res.body);
    const again = await put(ticket.id, { title: "Concert", price: 35.1 }).expect(200);
    expect(again.body.version).toBe(2);
  });

  it("publishes ticket.updated with the whole ticket at the new version", async () => {
    const ticket = await listOwn();
    await put(ticket.id, { title: "Ballet", price: 0.57 }).expect(200);
    const event = await t.events.waitFor("ticket.updated", (data) => data.id === ticket.id);
    expect(event.data).toEqual({
      id: ticket.id,
      title: "Ballet",
      priceCents: 57,
      userId: seller.user.id,
      version: 1,
      status: "available",
      orderId: null,
      category: "other",
      venue: "",
      startsAt: null,
    });
  });

  const event = {
    category: "comedy",
    venue: "The Comedy Store",
    startsAt: "2031-03-01T20:00:00.000Z",
  };

  it("keeps the event fields a body leaves out: {title, price} alone edits only those", async () => {
    const ticket = await t.listTicket({ title: "Stand-up", price: 15, ...event }, seller.cookie);
    const res = await put(ticket.id, { title: "Stand-up, late show", price: 18 }).expect(200);
    expect(res.body).toEqual({ ...ticket, title: "Stand-up, late show", price: 18, version: 1 });
    expect(res.body).toMatchObject(event);
  });

  it('changes the event fields it is given, and clears the venue with "" and the date with null', async () => {
    const ticket = await t.listTicket({ title: "Stand-up", price: 15, ...event }, seller.cookie);
    const moved = await put(ticket.id, {
      title: "Stand-up",
      price: 15,
      venue: " Apollo ",
      startsAt: "2031-03-02T21:00:00+01:00",
    }).expect(200);
    expect(moved.body).toMatchObject({
      category: "comedy",
      venue: "Apollo",
      startsAt: "2031-03-02T20:00:00.000Z",
    });
    const cleared = await put(ticket.id, {
      title: "Stand-up",
      price: 15,
      category: "other",
      venue: "",
      startsAt: null,
    }).expect(200);
    expect(cleared.body).toMatchObject({
      category: "other",
      venue: "",
      startsAt: null,
      version: 2,
    });
    const published = await t.events.waitFor(
      "ticket.updated",
      (data) => data.id === ticket.id && data.version === 2,
    );
    expect(published.data).toMatchObject({ category: "other", venue: "", startsAt: null });
  });

  it("publishes the event fields in ticket.updated", async () => {
    const ticket = await listOwn();
    await put(ticket.id, { title: "Concert", price: 20, ...event }).expect(200);
    const published = await t.events.waitFor("ticket.updated", (data) => data.id === ticket.id);
    expect(published.data).toMatchObject({ ...event, version: 1 });
  });

  it("refuses to move the event into the past with 400, and changes nothing", async () => {
    const ticket = await t.listTicket({ title: "Stand-up", price: 15, ...event }, seller.cookie);
    const res = await put(ticket.id, {
      title: "Stand-up",
      price: 15,
      startsAt: "2001-03-01T20:00:00Z",
    }).expect(400);
    expect(res.body.errors).toEqual([{ message: "Date must be in the future", field: "startsAt" }]);
    await request(t.app).get(`/api/tickets/${ticket.id}`).expect(200, ticket);
  });

  it("refuses a visitor who is not signed in with 401", async () => {
    const ticket = await listOwn();
    await put(ticket.id, { title: "Mine now", price: 1 }, "").expect(401);
  });

  it("refuses anyone but the seller with 403 and changes nothing", async () => {
    const ticket = await listOwn();
    const stranger = await t.sessions.signIn();
    const res = await put(ticket.id, { title: "Mine now", price: 1 }, stranger.cookie).expect(403);
    expect(res.body).toEqual({ errors: [{ message: "Only the seller can edit a ticket" }] });
    await request(t.app).get(`/api/tickets/${ticket.id}`).expect(200, ticket);
  });

  it.each([
    [{ title: "", price: 10 }, "title"],
    [{ title: "x".repeat(201), price: 10 }, "title"],
    [{ price: 10 }, "title"],
    [{ title: "Concert", price: 0.49 }, "price"],
    [{ title: "Concert", price: 1.005 }, "price"],
    [{ title: "Concert" }, "price"],
    [{ title: "Concert", price: 1_000_000 }, "price"],
    [{ title: "Concert", price: 10, category: "opera" }, "category"],
    [{ title: "Concert", price: 10, venue: "x".repeat(201) }, "venue"],
    [{ title: "Concert", price: 10, startsAt: "soon" }, "startsAt"],
  ])("refuses %j with 400 naming %s", async (body, field) => {
    const ticket = await listOwn();
    const res = await put(ticket.id, body).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
  });

  it("answers 404 for an unknown id and for a malformed one", async () => {
    const body = { title: "Concert", price: 10 };
    const unknown = await put(randomUUID(), body).expect(404);
    expect(unknown.body).toEqual({ errors: [{ message: "Ticket not found" }] });
    await put("not-a-uuid", body).expect(404, unknown.body);
  });

  it("refuses to edit a reserved ticket with 409", async () => {
    const ticket = await listOwn();
    await t.publish(sampleOrder({ ticketId: ticket.id }).created());
    await t.ticketWhen(ticket.id, (shown) => shown.status === "reserved");
    const res = await put(ticket.id, { title: "Cheaper", price: 1 }).expect(409);
    expect(res.body).toEqual({ errors: [{ message: "Ticket is reserved" }] });
  });

  it("refuses to edit a sold ticket with 409", async () => {
    const ticket = await listOwn();
    const order = sampleOrder({ ticketId: ticket.id });
    await t.publish(order.created());
    await t.publish(order.completed());
    await t.ticketWhen(ticket.id, (shown) => shown.status === "sold");
    const res = await put(ticket.id, { title: "Cheaper", price: 1 }).expect(409);
    expect(res.body).toEqual({ errors: [{ message: "Ticket is sold" }] });
  });

  it("takes concurrent edits one after the other: each gets its own version", async () => {
    const ticket = await listOwn();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => put(ticket.id, { title: `Edit ${i}`, price: 10 + i })),
    );
    expect(results.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.map((res) => res.body.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
