import { fuzz, sampleOrder } from "@microtickets/common/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { TICKET_CATEGORIES } from "../domain/ticket.js";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

// Sized so the whole file stays near 20 s on two busy cores.
const RUNS = { create: 500, edit: 500, list: 400, show: 200, updates: 200, stray: 200 };

const ticketFields = {
  title: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 30 }),
  price: fc.oneof(fc.integer({ min: 1, max: 999_999 }), fc.constantFrom("12.50", 0.5, 999_999.99)),
  category: fc.constantFrom(...TICKET_CATEGORIES),
  venue: fc.string({ unit: "grapheme-ascii", maxLength: 30 }),
  startsAt: fc.oneof(
    fc.constant(null),
    fc
      .date({ min: new Date("2031-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((date) => date.toISOString()),
  ),
};

// Hundreds of requests a test: on a loaded machine they take several times what they take alone.
describe("the tickets API under fuzzing: never a 5xx, errors in their shape, no change on a 4xx", {
  timeout: 120_000,
}, () => {
  let t: TicketsTestApp;
  let cookie: string;
  /** The signed-in seller's ticket, another seller's, and one reserved by an order. */
  let own: string;
  let others: string;
  let reserved: string;
  const state = () =>
    fuzz.readState(t.db, [
      "SELECT * FROM tickets ORDER BY id",
      "SELECT * FROM ticket_orders ORDER BY order_id",
      "SELECT count(*) FROM outbox",
    ]);
  const run = fuzz.fuzzerFor(() => ({ baseUrl: t.url, state }));

  beforeAll(async () => {
    t = await createTicketsTestApp("fuzz");
    ({ cookie } = await t.sessions.signIn());
    own = (await t.listTicket({ title: "Mine", price: 10 }, cookie)).id;
    others = (await t.listTicket()).id;
    reserved = (await t.listTicket({ title: "Held", price: 10 }, cookie)).id;
    await t.publish(sampleOrder({ ticketId: reserved }).created());
    await t.ticketWhen(reserved, (ticket) => ticket.status === "reserved");
  });
  afterAll(() => t?.close());

  it(`answers ${RUNS.create} hostile POST /api/tickets`, async () => {
    const requests = fc.record({
      method: fc.constant("POST"),
      path: fc.constant("/api/tickets"),
      headers: fuzz.headersOf(cookie),
      body: fuzz.bodyOf(ticketFields),
    });
    await run(requests, RUNS.create);
  });

  it(`answers ${RUNS.edit} hostile PUT /api/tickets/:id`, async () => {
    const requests = fc.record({
      method: fc.constant("PUT"),
      path: fuzz.pathSegment(own, others, reserved).map((id) => `/api/tickets/${id}`),
      headers: fuzz.headersOf(cookie),
      body: fuzz.bodyOf(ticketFields),
    });
    await run(requests, RUNS.edit);
  });

  it(`answers ${RUNS.list} hostile GET /api/tickets queries`, async () => {
    const cursor = Buffer.from("2000-01-01T00:00:00.000000Z|00000000-0000-0000-0000-000000000000");
    const requests = fc.record({
      method: fc.constant("GET"),
      path: fuzz
        .queryOf({
          limit: fc.integer({ min: -5, max: 120 }).map(String),
          cursor: fc.oneof(
            fc.constant(cursor.toString("base64url")),
            fuzz.hostileString.map((s) => Buffer.from(s).toString("base64url")),
            fc
              .date({ noInvalidDate: true })
              .map((date) => Buffer.from(`${date.toISOString()}|${own}`).toString("base64url")),
          ),
          q: fc.string({ maxLength: 20 }),
          category: fc.constantFrom(...TICKET_CATEGORIES),
          seller: fc.constant("me"),
        })
        .map((query) => `/api/tickets${query}`),
      headers: fuzz.headersOf(cookie),
    });
    await run(requests, RUNS.list);
  });

  it(`answers ${RUNS.show} hostile GET /api/tickets/:id`, async () => {
    const requests = fc.record({
      method: fc.constant("GET"),
      path: fuzz.pathSegment(own, others, reserved).map((id) => `/api/tickets/${id}`),
      headers: fuzz.headersOf(cookie),
    });
    await run(requests, RUNS.show);
  });

  it(`answers ${RUNS.updates} hostile GET /api/tickets/updates`, async () => {
    const requests = fc.record({
      method: fc.constant("GET"),
      path: fuzz
        .queryOf({
          ids: fc
            .array(fc.oneof(fc.constantFrom(own, others, reserved), fc.uuid()), { maxLength: 4 })
            .map((ids) => ids.join(",")),
          snapshot: fc.constantFrom("1", "0", "true"),
        })
        .map((query) => `/api/tickets/updates${query}`),
      headers: fuzz.headersOf(cookie, {
        "Last-Event-ID": fc.oneof(fc.nat().map(String), fuzz.idempotencyKeys),
      }),
    });
    await run(requests, RUNS.updates);
  });

  it(`answers ${RUNS.stray} requests to unknown routes and methods under /api/tickets`, async () => {
    await run(fuzz.strayRequests("/api/tickets", cookie), RUNS.stray);
  });
});
