import { randomUUID } from "node:crypto";
import { once } from "node:events";
import type { Server } from "node:http";
import { closeServer } from "@microtickets/common";
import type { Express } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneOrderAttempts } from "../domain/fair-sales.js";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

type Buyer = Awaited<ReturnType<OrdersTestApp["sessions"]["signIn"]>>;

const LOCK_SECONDS = 900;
const MAX_OPEN = 10;
const ATTEMPTS_PER_10S = 20;

// CONTRACT.md, POST /api/orders: 429 with Retry-After when the buyer already holds
// MAX_OPEN_ORDERS_PER_USER open orders or sends more than 20 order attempts in 10 s.
describe("POST /api/orders: fair sales", () => {
  let t: OrdersTestApp;
  // The service's clock: tests move time instead of waiting for locks and windows to run out.
  let now = Date.parse("2033-03-01T09:00:00.000Z");
  beforeAll(async () => {
    t = await createOrdersTestApp("fair_sales", {
      clock: () => new Date(now),
      lockSeconds: LOCK_SECONDS,
      // No sweep during a test: an order past its expiresAt stays open in the table, so the
      // count itself must leave it out.
      env: { EXPIRY_SWEEP_INTERVAL_MS: String(24 * 3_600_000) },
    });
  });
  afterAll(() => t.close());

  /** Past every attempt window so far: each test starts with a fresh attempt budget. */
  const nextWindow = () => {
    now += 60_000;
  };

  const post = (ticketId: string, buyer: Buyer, app: Express | Server = t.app) =>
    request(app).post("/api/orders").set("Cookie", buyer.cookie).send({ ticketId });

  /** `count` orders placed one after another by `buyer`, one second apart. */
  async function holdOrders(buyer: Buyer, count: number, app: Express = t.app) {
    const held = [];
    for (let i = 0; i < count; i++) {
      const ticket = await t.seedTicket();
      const res = await post(ticket.id, buyer, app);
      expect(res.status, res.text).toBe(201);
      held.push(res.body as { id: string; expiresAt: string });
      now += 1_000;
    }
    return held;
  }

  const openOrdersOf = async (userId: string) =>
    (
      await t.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM orders WHERE user_id = $1 AND status IN ('created', 'awaiting:payment')",
        [userId],
      )
    ).rows[0]?.n;

  /** Parallel POSTs over real sockets, so they really overlap in the database. */
  async function postAllAtOnce(ticketIds: string[], buyer: Buyer, apps: Express[] = [t.app]) {
    const servers = apps.map((app) => app.listen(0));
    await Promise.all(servers.map((server) => once(server, "listening")));
    try {
      const responses = await Promise.all(
        ticketIds.map((id, i) => post(id, buyer, servers[i % servers.length])),
      );
      return responses.map((res) => res.status).sort((a, b) => a - b);
    } finally {
      await Promise.all(servers.map(closeServer));
    }
  }

  describe("the open-order cap", () => {
    it("refuses the 11th open order with 429, Retry-After until the earliest expires, and creates nothing", async () => {
      nextWindow();
      const buyer = await t.sessions.signIn();
      const firstAt = now;
      await holdOrders(buyer, MAX_OPEN);
      const ticket = await t.seedTicket();

      const res = await post(ticket.id, buyer);

      expect(res.status).toBe(429);
      // The first order locks until firstAt + 900 s; ten orders later it is 10 s closer.
      expect(res.headers["retry-after"]).toBe(
        String((firstAt + LOCK_SECONDS * 1_000 - now) / 1_000),
      );
      expect(res.headers["retry-after"]).toBe("890");
      expect(res.body).toEqual({
        errors: [{ message: "You already hold 10 open orders: pay for or cancel one first" }],
      });
      expect(
        (await t.db.query("SELECT 1 FROM orders WHERE ticket_id = $1", [ticket.id])).rowCount,
      ).toBe(0);
      expect(await t.announced(ticket.id)).toEqual([]);
      // Another buyer is not held back by this one's cap.
      await post(ticket.id, await t.sessions.signIn()).expect(201);
    });

    it("frees a slot when the buyer cancels one of their open orders", async () => {
      nextWindow();
      const buyer = await t.sessions.signIn();
      const [first] = await holdOrders(buyer, MAX_OPEN);
      const ticket = await t.seedTicket();
      await post(ticket.id, buyer).expect(429);

      await request(t.app)
        .delete(`/api/orders/${first?.id}`)
        .set("Cookie", buyer.cookie)
        .expect(204);

      await post(ticket.id, buyer).expect(201);
      expect(await openOrdersOf(buyer.user.id)).toBe(MAX_OPEN);
      await post((await t.seedTicket()).id, buyer).expect(429);
    });

    it("does not count an order past its expiresAt, even before it is swept", async () => {
      nextWindow();
      const buyer = await t.sessions.signIn();
      const [first] = await holdOrders(buyer, MAX_OPEN);
      const ticket = await t.seedTicket();
      await post(ticket.id, buyer).expect(429);

      now = Date.parse(first?.expiresAt as string);

      await post(ticket.id, buyer).expect(201);
      expect(await t.stored(first?.id as string)).toMatchObject({ status: "created" });
      await post((await t.seedTicket()).id, buyer).expect(429);
    });

    it("gives exactly the free slots to parallel orders at the cap's edge: 3 × 201 of 8", async () => {
      nextWindow();
      const buyer = await t.sessions.signIn();
      await holdOrders(buyer, MAX_OPEN - 3);
      const tickets = await Promise.all(Array.from({ length: 8 }, () => t.seedTicket()));

      const statuses = await postAllAtOnce(
        tickets.map((ticket) => ticket.id),
        buyer,
      );

      expect(statuses).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
      expect(await openOrdersOf(buyer.user.id)).toBe(MAX_OPEN);
    });

    it("lets two parallel orders by a buyer holding 9 place only one", async () => {
      nextWindow();
      const buyer = await t.sessions.signIn();
      await holdOrders(buyer, MAX_OPEN - 1);
      const tickets = await Promise.all([t.seedTicket(), t.seedTicket()]);

      const statuses = await postAllAtOnce(
        tickets.map((ticket) => ticket.id),
        buyer,
      );

      expect(statuses).toEqual([201, 429]);
      expect(await openOrdersOf(buyer.user.id)).toBe(MAX_OPEN);
    });
  });

  describe("the attempt limit", () => {
    it("refuses the 21st attempt within 10 s with 429 and Retry-After until the window ends", async () => {
      nextWindow();
      const buyer = await t.sessions.signIn();
      const windowStart = now;
      // Unknown tickets: a 404 is an attempt too.
      for (let i = 0; i < ATTEMPTS_PER_10S; i++) {
        await post(randomUUID(), buyer).expect(404);
        now += 250;
      }
      const ticket = await t.seedTicket();

      const res = await post(ticket.id, buyer);

      expect(res.status).toBe(429);
      expect(res.headers["retry-after"]).toBe(String((windowStart + 10_000 - now) / 1_000));
      expect(res.headers["retry-after"]).toBe("5");
      expect(res.body).toEqual({
        errors: [{ message: "Too many order attempts, try again later" }],
      });
      expect(await t.announced(ticket.id)).toEqual([]);
      // Refused attempts do not push the window's end back.
      now = windowStart + 10_000;
      await post(ticket.id, buyer).expect(201);
    });

    it("counts 400 (own ticket) and 409 (taken) answers, but not invalid bodies or other buyers", async () => {
      nextWindow();
      const buyer = await t.sessions.signIn();
      const own = await t.seedTicket({ userId: buyer.user.id });
      const taken = (await t.placeOrder((await t.seedTicket()).id)).order.ticket.id;
      for (let i = 0; i < 30; i++) {
        await request(t.app)
          .post("/api/orders")
          .set("Cookie", buyer.cookie)
          .send({ ticketId: "not-a-uuid" })
          .expect(400);
      }
      for (let i = 0; i < ATTEMPTS_PER_10S / 2; i++) {
        await post(own.id, buyer).expect(400);
        await post(taken, buyer).expect(409);
      }

      await post(taken, buyer).expect(429);
      await post((await t.seedTicket()).id, await t.sessions.signIn()).expect(201);
    });

    it("refuses exactly the attempts past the budget when they arrive at once", async () => {
      nextWindow();
      const buyer = await t.sessions.signIn();

      const statuses = await postAllAtOnce(
        Array.from({ length: ATTEMPTS_PER_10S + 5 }, () => randomUUID()),
        buyer,
      );

      expect(statuses.filter((status) => status === 404)).toHaveLength(ATTEMPTS_PER_10S);
      expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    });

    it("forgets the counts of ended windows, changing no answer", async () => {
      nextWindow();
      const [done, busy] = [await t.sessions.signIn(), await t.sessions.signIn()];
      for (let i = 0; i < ATTEMPTS_PER_10S; i++) await post(randomUUID(), done).expect(404);
      now += 10_000;
      for (let i = 0; i < ATTEMPTS_PER_10S; i++) await post(randomUUID(), busy).expect(404);

      await pruneOrderAttempts(t.db, new Date(now), 10);

      const counted = await t.db.query<{ user_id: string }>("SELECT user_id FROM order_attempts");
      expect(counted.rows.map((row) => row.user_id)).toEqual([busy.user.id]);
      await post(randomUUID(), busy).expect(429);
      await post(randomUUID(), done).expect(404);
    });
  });

  describe("across replicas sharing the database", () => {
    let other: Express;
    beforeAll(async () => {
      other = (await t.replica()).app;
    });

    it("holds the open-order cap across both", async () => {
      nextWindow();
      const buyer = await t.sessions.signIn();
      await holdOrders(buyer, MAX_OPEN / 2, t.app);
      await holdOrders(buyer, MAX_OPEN / 2 - 2, other);
      const tickets = await Promise.all(Array.from({ length: 6 }, () => t.seedTicket()));

      const statuses = await postAllAtOnce(
        tickets.map((ticket) => ticket.id),
        buyer,
        [t.app, other],
      );

      expect(statuses).toEqual([201, 201, 429, 429, 429, 429]);
      expect(await openOrdersOf(buyer.user.id)).toBe(MAX_OPEN);
      await post((await t.seedTicket()).id, buyer, other).expect(429);
    });

    it("holds the attempt limit across both", async () => {
      nextWindow();
      const buyer = await t.sessions.signIn();
      for (let i = 0; i < ATTEMPTS_PER_10S; i++) {
        await post(randomUUID(), buyer, i % 2 === 0 ? t.app : other).expect(404);
      }

      await post(randomUUID(), buyer, t.app).expect(429);
      await post(randomUUID(), buyer, other).expect(429);
    });
  });
});
