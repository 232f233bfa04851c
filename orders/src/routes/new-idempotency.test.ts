import { createHash } from "node:crypto";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";
import { NEW_ORDER_ROUTE } from "./new.js";

describe("POST /api/orders with an Idempotency-Key", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("new_order_idempotency");
  });
  afterAll(() => t.close());

  const post = (cookie: string, key: string, body: object) =>
    request(t.app).post("/api/orders").set("Cookie", cookie).set("Idempotency-Key", key).send(body);
  const countOrders = async (ticketId: string) =>
    (await t.db.query("SELECT 1 FROM orders WHERE ticket_id = $1", [ticketId])).rowCount;
  const countAnnouncements = async (ticketId: string) =>
    (
      await t.db.query(
        "SELECT 1 FROM outbox WHERE subject = 'order.created' AND data->'ticket'->>'id' = $1",
        [ticketId],
      )
    ).rowCount;

  it("replays the first response to a retry with the same body and creates nothing new", async () => {
    const ticket = await t.seedTicket();
    const { cookie } = await t.sessions.signIn();

    const first = await post(cookie, "retry-1", { ticketId: ticket.id }).expect(201);
    const retry = await post(cookie, "retry-1", { ticketId: ticket.id });

    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(await countOrders(ticket.id)).toBe(1);
    expect(await countAnnouncements(ticket.id)).toBe(1);
  });

  it("refuses the same key with another body with 422", async () => {
    const [ticket, other] = await Promise.all([t.seedTicket(), t.seedTicket()]);
    const { cookie } = await t.sessions.signIn();
    await post(cookie, "reused", { ticketId: ticket.id }).expect(201);

    const res = await post(cookie, "reused", { ticketId: other.id }).expect(422);

    expect(res.body).toEqual({ errors: [{ message: expect.stringContaining("Idempotency-Key") }] });
    expect(await countOrders(other.id)).toBe(0);
  });

  it("answers 409 to the same key while the first request is still running", async () => {
    const ticket = await t.seedTicket();
    const { user, cookie } = await t.sessions.signIn();
    const body = { ticketId: ticket.id };
    // The first request's claim, as it stands while that request runs: no response yet.
    await t.db.query(
      `INSERT INTO idempotency_keys (user_id, route, key, request_hash) VALUES ($1, $2, $3, $4)`,
      [
        user.id,
        NEW_ORDER_ROUTE,
        "in-flight",
        createHash("sha256").update(JSON.stringify(body)).digest("hex"),
      ],
    );

    const res = await post(cookie, "in-flight", body).expect(409);

    expect(res.body).toEqual({ errors: [{ message: expect.stringContaining("still running") }] });
    expect(await countOrders(ticket.id)).toBe(0);
  });

  it("does not remember a 400: the corrected body with the same key goes through", async () => {
    const ticket = await t.seedTicket();
    const { cookie } = await t.sessions.signIn();

    await post(cookie, "fix-me", { ticketId: "not-an-id" }).expect(400);
    const res = await post(cookie, "fix-me", { ticketId: ticket.id }).expect(201);

    expect(res.headers["idempotent-replayed"]).toBeUndefined();
    expect(await countOrders(ticket.id)).toBe(1);
  });

  it("does not remember a 404: once the ticket is known the same request succeeds", async () => {
    const ticket = await t.seedTicket();
    const { cookie } = await t.sessions.signIn();
    const unknown = { ticketId: "00000000-0000-4000-8000-000000000001" };

    await post(cookie, "not-yet", unknown).expect(404);
    await t.seedTicket({ id: unknown.ticketId });
    await post(cookie, "not-yet", unknown).expect(201);

    expect(await countOrders(ticket.id)).toBe(0);
  });

  it("does not remember a 409: after the ticket is released the same request succeeds", async () => {
    const ticket = await t.seedTicket();
    const holder = await t.placeOrder(ticket.id);
    const { cookie } = await t.sessions.signIn();

    await post(cookie, "wait-for-it", { ticketId: ticket.id }).expect(409);
    await request(t.app)
      .delete(`/api/orders/${holder.order.id}`)
      .set("Cookie", holder.buyer.cookie)
      .expect(204);
    const res = await post(cookie, "wait-for-it", { ticketId: ticket.id }).expect(201);

    expect(res.body.id).not.toBe(holder.order.id);
  });

  it("keeps keys per user: another user's same key is a new request", async () => {
    const [ticket, other] = await Promise.all([t.seedTicket(), t.seedTicket()]);
    const [ada, bob] = await Promise.all([t.sessions.signIn(), t.sessions.signIn()]);

    const first = await post(ada.cookie, "shared-key", { ticketId: ticket.id }).expect(201);
    const second = await post(bob.cookie, "shared-key", { ticketId: other.id }).expect(201);

    expect(second.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.userId).toBe(bob.user.id);
  });

  it("answers 400 to a key that is not 1 to 255 printable characters", async () => {
    const ticket = await t.seedTicket();
    const { cookie } = await t.sessions.signIn();
    const res = await post(cookie, "x".repeat(256), { ticketId: ticket.id }).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field: "Idempotency-Key" }]);
    expect(await countOrders(ticket.id)).toBe(0);
  });
});
