import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";
import { NEW_ORDER_ROUTE } from "./new.js";

/** The process died after the order committed and before its answer was recorded. */
describe("POST /api/orders retried after a crash between placing the order and answering", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("new_order_crash_retry");
  });
  afterAll(() => t.close());

  const post = (cookie: string, key: string, body: object) =>
    request(t.app).post("/api/orders").set("Cookie", cookie).set("Idempotency-Key", key).send(body);
  /** What the crash leaves: the key claimed, no answer, a lease nobody renews any more. */
  const forgetAnswer = (userId: string, key: string) =>
    t.db.query(
      `UPDATE idempotency_keys SET status_code = NULL, response_body = NULL,
         locked_at = now() - interval '1 minute'
       WHERE user_id = $1 AND route = $2 AND key = $3`,
      [userId, NEW_ORDER_ROUTE, key],
    );

  it("answers the retry with the order the first request placed, not a 409", async () => {
    const ticket = await t.seedTicket();
    const { user, cookie } = await t.sessions.signIn();
    const first = await post(cookie, "crashed", { ticketId: ticket.id }).expect(201);
    await forgetAnswer(user.id, "crashed");

    const retry = await post(cookie, "crashed", { ticketId: ticket.id });

    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const replay = await post(cookie, "crashed", { ticketId: ticket.id }).expect(201);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    const orders = await t.db.query("SELECT id FROM orders WHERE ticket_id = $1", [ticket.id]);
    expect(orders.rows).toEqual([{ id: first.body.id }]);
    const announced = await t.db.query(
      "SELECT 1 FROM outbox WHERE subject = 'order.created' AND data->'ticket'->>'id' = $1",
      [ticket.id],
    );
    expect(announced.rowCount).toBe(1);
  });

  it("still refuses another buyer's order for the ticket with 409", async () => {
    const ticket = await t.seedTicket();
    const [ada, bob] = await Promise.all([t.sessions.signIn(), t.sessions.signIn()]);
    await post(ada.cookie, "same-key", { ticketId: ticket.id }).expect(201);
    await forgetAnswer(ada.user.id, "same-key");

    await post(bob.cookie, "same-key", { ticketId: ticket.id }).expect(409);
  });
});
