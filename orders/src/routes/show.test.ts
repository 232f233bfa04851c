import { randomUUID } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("GET /api/orders/:id", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("show_order");
  });
  afterAll(() => t.close());

  const show = (id: string, cookie?: string) => {
    const req = request(t.app).get(`/api/orders/${id}`);
    return cookie ? req.set("Cookie", cookie) : req;
  };

  it("shows buyers their order", async () => {
    const ticket = await t.seedTicket({ title: "Ballet", priceCents: 4_999 });
    const { order, buyer } = await t.placeOrder(ticket.id);

    const res = await show(order.id, buyer.cookie).expect(200);

    expect(res.body).toEqual(order);
    expect(res.body.ticket).toEqual({ id: ticket.id, title: "Ballet", price: 49.99 });
    expect(res.body.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("refuses a caller who is not signed in with 401", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const res = await show(order.id).expect(401);
    expect(res.body).toEqual({ errors: [{ message: "Not signed in" }] });
  });

  it("answers 404 to another user asking for the order, as if it did not exist", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const stranger = await t.sessions.signIn();
    const res = await show(order.id, stranger.cookie).expect(404);
    expect(res.body).toEqual({ errors: [{ message: "Order not found" }] });
  });

  it.each([
    ["an unknown id", randomUUID()],
    ["a malformed id", "not-a-uuid"],
    ["an id with SQL in it", "1' OR '1'='1"],
  ])("answers 404 to %s", async (_case, id) => {
    const { cookie } = await t.sessions.signIn();
    const res = await show(encodeURIComponent(id), cookie).expect(404);
    expect(res.body).toEqual({ errors: [{ message: "Order not found" }] });
  });
});
