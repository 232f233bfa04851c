import { fuzz } from "@microtickets/common/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

// Sized so the whole file stays near 20 s on two busy cores.
const RUNS = { create: 500, list: 150, show: 250, cancel: 400, stray: 200 };

// Hundreds of requests a test: on a loaded machine they take several times what they take alone.
describe("the orders API under fuzzing: never a 5xx, errors in their shape, no change on a 4xx", {
  timeout: 120_000,
}, () => {
  let t: OrdersTestApp;
  let cookie: string;
  /** Tickets the buyer may order, the buyer's own, and orders of the buyer's and of another's. */
  const tickets: string[] = [];
  let ownTicket: string;
  const orders: string[] = [];
  let othersOrder: string;
  const state = () =>
    fuzz.readState(t.db, [
      "SELECT * FROM orders ORDER BY id",
      "SELECT * FROM tickets ORDER BY id",
      "SELECT * FROM payment_attempts ORDER BY payment_id",
      "SELECT user_id, route, key, status_code FROM idempotency_keys ORDER BY user_id, route, key",
      "SELECT count(*) FROM outbox",
    ]);
  const run = fuzz.fuzzerFor(() => ({ baseUrl: t.url, state }));

  beforeAll(async () => {
    // One buyer sends every request: past 20 order attempts in 10 s the rest would all be 429s
    // and never reach the handler (new-fair-sales.test.ts tests the limit itself).
    t = await createOrdersTestApp("fuzz", { env: { ORDER_ATTEMPTS_PER_10S: "1000000" } });
    const buyer = await t.sessions.signIn();
    cookie = buyer.cookie;
    for (let i = 0; i < 8; i++) tickets.push((await t.seedTicket()).id);
    ownTicket = (await t.seedTicket({ userId: buyer.user.id })).id;
    for (let i = 0; i < 3; i++)
      orders.push((await t.placeOrder(tickets.pop() as string, buyer)).order.id);
    othersOrder = (await t.placeOrder(tickets.pop() as string)).order.id;
    // One of them paid: cancelling it is a 409.
    await t.paymentAttempt(orders[0] as string).succeeds();
  });
  afterAll(() => t?.close());

  it(`answers ${RUNS.create} hostile POST /api/orders`, async () => {
    const requests = fc.record({
      method: fc.constant("POST"),
      path: fc.constant("/api/orders"),
      headers: fuzz.headersOf(cookie, { "Idempotency-Key": fuzz.idempotencyKeys }),
      body: fuzz.bodyOf({ ticketId: fc.constantFrom(...tickets, ownTicket) }),
    });
    await run(requests, RUNS.create);
  });

  it(`answers ${RUNS.list} hostile GET /api/orders`, async () => {
    const requests = fc.record({
      method: fc.constant("GET"),
      path: fuzz.queryOf({ limit: fc.nat().map(String) }).map((query) => `/api/orders${query}`),
      headers: fuzz.headersOf(cookie),
    });
    await run(requests, RUNS.list);
  });

  it(`answers ${RUNS.show} hostile GET /api/orders/:id`, async () => {
    const requests = fc.record({
      method: fc.constant("GET"),
      path: fuzz.pathSegment(...orders, othersOrder).map((id) => `/api/orders/${id}`),
      headers: fuzz.headersOf(cookie),
    });
    await run(requests, RUNS.show);
  });

  it(`answers ${RUNS.cancel} hostile DELETE /api/orders/:id`, async () => {
    const requests = fc.record({
      method: fc.constant("DELETE"),
      path: fuzz.pathSegment(...orders, othersOrder).map((id) => `/api/orders/${id}`),
      headers: fuzz.headersOf(cookie),
      body: fc.option(fuzz.bodyOf({ id: fc.constantFrom(...orders) }), { nil: undefined }),
    });
    await run(requests, RUNS.cancel);
  });

  it(`answers ${RUNS.stray} requests to unknown routes and methods under /api/orders`, async () => {
    await run(fuzz.strayRequests("/api/orders", cookie), RUNS.stray);
  });
});
