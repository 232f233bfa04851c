import { eventually } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type Order, type Ticket } from "./client.js";
import { type RunningStack, startStack } from "./stack.js";

const LOCK_SECONDS = 2;

/** The seed's user stories, through the gateway only, with a short lock. */
describe("the marketplace, end to end", () => {
  let stack: RunningStack;
  let seller: ApiClient;
  let buyer: ApiClient;
  let rival: ApiClient;

  beforeAll(async () => {
    stack = await startStack({
      ORDER_LOCK_SECONDS: String(LOCK_SECONDS),
      // Two of each, so every story also runs across replicas sharing consumers and a database.
      REPLICAS_TICKETS: "2",
      REPLICAS_ORDERS: "2",
    });
    [seller, buyer, rival] = [0, 1, 2].map(() => new ApiClient(stack.url)) as [
      ApiClient,
      ApiClient,
      ApiClient,
    ];
    await Promise.all([seller.signUp(), buyer.signUp(), rival.signUp()]);
  }, 120_000);
  afterAll(async () => {
    if (stack && stack.launcher.exitCode === null) await stack.stop();
  });

  async function listTicket(price = 19.99): Promise<Ticket> {
    const res = await seller.call<Ticket>("POST", "/api/tickets", { title: "Concert", price });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** Orders as soon as orders has heard of the ticket (404 until then, by contract). */
  async function order(client: ApiClient, ticketId: string) {
    return eventually(async () => {
      const res = await client.call<Order>("POST", "/api/orders", { ticketId });
      return res.status === 404 ? undefined : res;
    });
  }

  const ticketStatus = async (id: string) =>
    (await seller.call<Ticket>("GET", `/api/tickets/${id}`)).body.status;

  it("lists a ticket, locks it for one buyer and refuses everyone else", async () => {
    const ticket = await listTicket(0.57);
    expect(ticket).toMatchObject({ price: 0.57, status: "available", version: 0, orderId: null });

    const mine = await order(buyer, ticket.id);
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({
      status: "created",
      userId: expect.any(String),
      ticket: { id: ticket.id, title: "Concert", price: 0.57 },
    });
    const lockMs = Date.parse(mine.body.expiresAt) - Date.now();
    expect(lockMs).toBeGreaterThan(0);
    expect(lockMs).toBeLessThanOrEqual(LOCK_SECONDS * 1_000);

    expect((await rival.call("POST", "/api/orders", { ticketId: ticket.id })).status).toBe(409);
    await eventually(async () => (await ticketStatus(ticket.id)) === "reserved");
    const edit = await seller.call("PUT", `/api/tickets/${ticket.id}`, { title: "x", price: 5 });
    expect(edit.status).toBe(409);
    const listed = await rival.call<Ticket[]>("GET", "/api/tickets?limit=100");
    expect(listed.body.map((t) => t.id)).not.toContain(ticket.id);
  });

  it("unlocks the ticket by itself when the lock ends unpaid", async () => {
    const ticket = await listTicket();
    const mine = await order(buyer, ticket.id);
    expect(mine.status).toBe(201);
    await eventually(async () => (await ticketStatus(ticket.id)) === "reserved");

    await eventually(async () => (await ticketStatus(ticket.id)) === "available", {
      timeoutMs: LOCK_SECONDS * 1_000 + 5_000,
    });
    const expired = await buyer.call<Order>("GET", `/api/orders/${mine.body.id}`);
    expect(expired.body.status).toBe("cancelled");
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(mine.body.expiresAt));

    const again = await order(rival, ticket.id);
    expect(again.status).toBe(201);
  });

  it("unlocks the ticket when the buyer cancels, and a repeat cancel is still 204", async () => {
    const ticket = await listTicket();
    const mine = await order(buyer, ticket.id);
    await eventually(async () => (await ticketStatus(ticket.id)) === "reserved");

    expect((await buyer.call("DELETE", `/api/orders/${mine.body.id}`)).status).toBe(204);
    expect((await rival.call("DELETE", `/api/orders/${mine.body.id}`)).status).toBe(404);
    expect((await buyer.call("DELETE", `/api/orders/${mine.body.id}`)).status).toBe(204);

    await eventually(async () => (await ticketStatus(ticket.id)) === "available");
    const edit = await seller.call<Ticket>("PUT", `/api/tickets/${ticket.id}`, {
      title: "Concert, front row",
      price: 25,
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ price: 25, status: "available" });
    const mineNow = await buyer.call<Order[]>("GET", "/api/orders");
    expect(mineNow.body.find((o) => o.id === mine.body.id)?.status).toBe("cancelled");
  });

  it("gives exactly one of many simultaneous buyers the ticket", async () => {
    const ticket = await listTicket();
    const buyers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const client = new ApiClient(stack.url);
        await client.signUp();
        return client;
      }),
    );
    await eventually(async () => {
      const probe = await seller.call("POST", "/api/orders", { ticketId: ticket.id });
      return probe.status === 400; // the seller's own ticket: orders knows it now
    });

    const statuses = await Promise.all(
      buyers.map(
        async (client) =>
          (await client.call("POST", "/api/orders", { ticketId: ticket.id })).status,
      ),
    );

    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(buyers.length - 1);
    // Twenty sign-ups' scrypt at once, beside the browser tests on two cores.
  }, 60_000);

  it("answers errors in the contract's shape", async () => {
    const anonymous = new ApiClient(stack.url);
    expect((await anonymous.call("POST", "/api/tickets", { title: "x", price: 1 })).status).toBe(
      401,
    );
    const bad = await seller.call("POST", "/api/tickets", { title: "x", price: 0.499 });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: "price" }] } });
    expect((await seller.call("GET", "/api/tickets/not-a-uuid")).status).toBe(404);
    expect((await buyer.call("GET", "/api/orders/not-a-uuid")).status).toBe(404);
  });
  it("ends a session everywhere on sign-out: a copy of its cookie is refused within 1 s", async () => {
    const fan = new ApiClient(stack.url);
    await fan.signUp();
    const copy = new ApiClient(stack.url);
    copy.cookie = fan.cookie;
    expect((await copy.call("GET", "/api/orders")).status).toBe(200);

    expect((await fan.call("POST", "/api/users/signout")).status).toBe(200);

    // Orders has two replicas here: each must hear of it, whichever one answers.
    await eventually(
      async () => {
        const answers = await Promise.all(
          ["/api/orders", "/api/orders", "/api/tickets?seller=me"].map((path) =>
            copy.call("GET", path),
          ),
        );
        return answers.every((answer) => answer.status === 401);
      },
      { timeoutMs: 1_000, intervalMs: 20 },
    );
    const me = await copy.call<{ currentUser: unknown }>("GET", "/api/users/currentuser");
    expect(me.body.currentUser).toBeNull();
  });
});
