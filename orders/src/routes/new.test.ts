import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { Server } from "node:http";
import { closeServer, TicketUpdated } from "@microtickets/common";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("POST /api/orders", () => {
  let t: OrdersTestApp;
  const now = new Date("2031-05-04T10:00:00.123Z");
  beforeAll(async () => {
    t = await createOrdersTestApp("new_order", { clock: () => now, lockSeconds: 900 });
  });
  afterAll(() => t.close());

  const post = (body: unknown, cookie?: string, app: Server | OrdersTestApp["app"] = t.app) => {
    const req = request(app).post("/api/orders");
    if (cookie) req.set("Cookie", cookie);
    return req.send(body as object);
  };
  const ordersFor = async (ticketId: string) =>
    (await t.db.query("SELECT status FROM orders WHERE ticket_id = $1", [ticketId])).rows;

  it("locks the ticket for the buyer until now + ORDER_LOCK_SECONDS and announces the order", async () => {
    const ticket = await t.seedTicket({ title: "Opera", priceCents: 2_050 });
    const { user, cookie } = await t.sessions.signIn();

    const res = await post({ ticketId: ticket.id }, cookie).expect(201);

    expect(res.body).toEqual({
      id: expect.any(String),
      status: "created",
      userId: user.id,
      expiresAt: "2031-05-04T10:15:00.123Z",
      version: 0,
      ticket: { id: ticket.id, title: "Opera", price: 20.5 },
    });
    const created = await t.published("order.created", (data) => data.id === res.body.id);
    expect(created.data).toEqual({
      id: res.body.id,
      userId: user.id,
      status: "created",
      expiresAt: "2031-05-04T10:15:00.123Z",
      version: 0,
      ticket: { id: ticket.id, priceCents: 2_050 },
    });
  });

  it("refuses a caller who is not signed in with 401 and creates nothing", async () => {
    const ticket = await t.seedTicket();
    const res = await post({ ticketId: ticket.id }).expect(401);
    expect(res.body).toEqual({ errors: [{ message: "Not signed in" }] });
    expect(await ordersFor(ticket.id)).toEqual([]);
  });

  it.each([
    ["a missing ticketId", {}],
    ["a ticketId that is not a UUID", { ticketId: "ticket-1" }],
    ["a numeric ticketId", { ticketId: 42 }],
    ["a null ticketId", { ticketId: null }],
    ["a ticketId inside an array", { ticketId: [randomUUID()] }],
  ])("answers 400 naming ticketId for %s", async (_case, body) => {
    const { cookie } = await t.sessions.signIn();
    const res = await post(body, cookie).expect(400);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), field: "ticketId" }] });
  });

  it("answers 404 for a ticket it has not heard of", async () => {
    const { cookie } = await t.sessions.signIn();
    const res = await post({ ticketId: randomUUID() }, cookie).expect(404);
    expect(res.body).toEqual({ errors: [{ message: "Ticket not found" }] });
  });

  it("refuses to sell sellers their own ticket with 400 on ticketId", async () => {
    const seller = await t.sessions.signIn();
    const ticket = await t.seedTicket({ userId: seller.user.id });
    const res = await post({ ticketId: ticket.id }, seller.cookie).expect(400);
    expect(res.body).toEqual({
      errors: [{ message: "You cannot buy your own ticket", field: "ticketId" }],
    });
    expect(await ordersFor(ticket.id)).toEqual([]);
  });

  it("refuses a reserved ticket with 409, to another buyer and to the same one", async () => {
    const ticket = await t.seedTicket();
    const { buyer } = await t.placeOrder(ticket.id);
    const other = await t.sessions.signIn();

    const res = await post({ ticketId: ticket.id }, other.cookie).expect(409);
    await post({ ticketId: ticket.id }, buyer.cookie).expect(409);

    expect(res.body).toEqual({ errors: [{ message: "Ticket is reserved or sold" }] });
    expect(await ordersFor(ticket.id)).toEqual([{ status: "created" }]);
  });

  it("lets the database decide 50 concurrent orders for one ticket: one 201, 49 409", async () => {
    const ticket = await t.seedTicket();
    const buyers = await Promise.all(Array.from({ length: 50 }, () => t.sessions.signIn()));
    const server = t.app.listen(0);
    await once(server, "listening");
    try {
      const responses = await Promise.all(
        buyers.map((buyer) => post({ ticketId: ticket.id }, buyer.cookie, server)),
      );

      const statuses = responses.map((res) => res.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(49);
      expect(await ordersFor(ticket.id)).toEqual([{ status: "created" }]);
      const announced = await t.db.query(
        "SELECT 1 FROM outbox WHERE subject = 'order.created' AND data->'ticket'->>'id' = $1",
        [ticket.id],
      );
      expect(announced.rowCount).toBe(1);
    } finally {
      await closeServer(server);
    }
  });

  it("lets another buyer order a ticket once its order is cancelled", async () => {
    const ticket = await t.seedTicket();
    const first = await t.placeOrder(ticket.id);
    await request(t.app)
      .delete(`/api/orders/${first.order.id}`)
      .set("Cookie", first.buyer.cookie)
      .expect(204);

    const other = await t.sessions.signIn();
    const res = await post({ ticketId: ticket.id }, other.cookie).expect(201);

    expect(res.body.id).not.toBe(first.order.id);
    expect(res.body.userId).toBe(other.user.id);
  });

  it("keeps the price the ticket had when ordered, whatever the ticket costs later", async () => {
    const ticket = await t.seedTicket({ priceCents: 1_000_000_00 });
    const { order, buyer } = await t.placeOrder(ticket.id);
    const repriced = TicketUpdated.build({
      ...ticket,
      priceCents: 5_00,
      version: 1,
      status: "reserved",
      orderId: order.id,
    });
    await t.publish(repriced);
    await t.applied(repriced);

    const res = await request(t.app)
      .get(`/api/orders/${order.id}`)
      .set("Cookie", buyer.cookie)
      .expect(200);
    expect(res.body.ticket.price).toBe(1_000_000);
  });

  it("answers 415 to a body that is not JSON", async () => {
    const { cookie } = await t.sessions.signIn();
    await request(t.app)
      .post("/api/orders")
      .set("Cookie", cookie)
      .set("Content-Type", "text/plain")
      .send("ticketId=1")
      .expect(415);
  });
});
