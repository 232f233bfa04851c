import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("GET /api/orders", () => {
  let t: OrdersTestApp;
  // Each order a second after the last, so "newest first" has one right answer.
  let now = Date.parse("2031-01-01T00:00:00.000Z");
  beforeAll(async () => {
    t = await createOrdersTestApp("list_orders", { clock: () => new Date(now) });
  });
  afterAll(() => t.close());

  const list = (cookie?: string) => {
    const req = request(t.app).get("/api/orders");
    return cookie ? req.set("Cookie", cookie) : req;
  };

  it("refuses a caller who is not signed in with 401", async () => {
    const res = await list().expect(401);
    expect(res.body).toEqual({ errors: [{ message: "Not signed in" }] });
  });

  it("answers an empty list to a buyer without orders", async () => {
    const { cookie } = await t.sessions.signIn();
    await list(cookie).expect(200, []);
  });

  it("lists the caller's orders, cancelled ones too, newest first, and no one else's", async () => {
    const buyer = await t.sessions.signIn();
    const tickets = await Promise.all([t.seedTicket(), t.seedTicket(), t.seedTicket()]);
    const placed = [];
    for (const ticket of tickets) {
      placed.push((await t.placeOrder(ticket.id, buyer)).order);
      now += 1_000;
    }
    const someoneElses = await t.placeOrder((await t.seedTicket()).id);
    await request(t.app)
      .delete(`/api/orders/${placed[0]?.id}`)
      .set("Cookie", buyer.cookie)
      .expect(204);

    const res = await list(buyer.cookie).expect(200);

    expect(res.body.map((order: { id: string }) => order.id)).toEqual(
      placed.map((order) => order.id).reverse(),
    );
    expect(res.body[2]).toEqual({ ...placed[0], status: "cancelled", version: 1 });
    expect(res.body[0]).toEqual(placed[2]);
    expect(res.body.map((order: { id: string }) => order.id)).not.toContain(someoneElses.order.id);
  });
});
