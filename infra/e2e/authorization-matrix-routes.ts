import { randomBytes, randomUUID } from "node:crypto";
import { eventually } from "@microtickets/common/testing";
import { expect } from "vitest";
import type { Route } from "./authorization-matrix.js";
import type { Identity } from "./authorization-matrix-sessions.js";
import type { ApiClient, Order, Reply, Ticket } from "./client.js";

/** A signed-up user: who they are, and a client holding their genuine session cookie. */
export interface Member extends Identity {
  cookie: string;
  client: ApiClient;
}

/** Each row's cast, fresh per row: the entity's owner, another user, and a seller for orders. */
export interface Cast {
  owner: Member;
  other: Member;
  seller: Member;
  /** No cookie: for reading back what anyone can read. */
  anyone: ApiClient;
}

/** One cell's request, ready to send as any caller, and what to check after the answer. */
export interface Arranged {
  send(as: ApiClient): Promise<Reply>;
  /** After a 2xx: what the body must say, given the genuine user who asked (if any). */
  accepted?(reply: Reply, asker: Member | undefined): Promise<void> | void;
  /** After a refusal: reads the entity back and fails if the request changed anything. */
  unchanged?(): Promise<void>;
}

export interface RouteDriver {
  /** A route that changes state gets a fresh entity per cell; a read shares one per row. */
  changesState: boolean;
  arrange(cast: Cast): Promise<Arranged>;
}

export const PASSWORD = "password1";

const word = () => `m${randomBytes(6).toString("hex")}`;

async function listTicket(seller: Member, title = `Matrix ${word()}`): Promise<Ticket> {
  const res = await seller.client.call<Ticket>("POST", "/api/tickets", { title, price: 25 });
  expect(res.status, "listing the row's ticket").toBe(201);
  return res.body;
}

const readTicket = async (cast: Cast, id: string) =>
  (await cast.anyone.call<Ticket>("GET", `/api/tickets/${id}`)).body;
const readOrder = async (buyer: Member, id: string) =>
  (await buyer.client.call<Order>("GET", `/api/orders/${id}`)).body;

/** Orders as soon as orders has heard of the ticket (404 until then, by contract). */
async function placeOrder(buyer: Member, ticketId: string): Promise<Order> {
  const res = await eventually(async () => {
    const reply = await buyer.client.call<Order>("POST", "/api/orders", { ticketId });
    return reply.status === 404 ? undefined : reply;
  });
  expect(res.status, "ordering the row's ticket").toBe(201);
  return res.body;
}

/** A ticket listed by the cast's seller and locked by the owner: the order the row is about. */
async function ownersOrder(cast: Cast): Promise<Order> {
  return placeOrder(cast.owner, (await listTicket(cast.seller)).id);
}

/**
 * Waits until orders has heard of the ticket, changing nothing: its own seller's order is
 * refused 400 ("your own ticket") once orders knows it, 404 before.
 */
async function knownToOrders(seller: Member, ticketId: string): Promise<void> {
  const known = await eventually(async () => {
    const res = await seller.client.call("POST", "/api/orders", { ticketId });
    return res.status === 404 ? undefined : res;
  });
  expect(known.status, "the seller ordering their own ticket").toBe(400);
}

/**
 * Waits until payments has heard of the order, so another user's 404 is a refusal and not
 * ignorance: a declined card is 402 once payments knows it, and leaves the order open.
 */
async function knownToPayments(buyer: Member, orderId: string): Promise<void> {
  const known = await eventually(async () => {
    const res = await buyer.client.call("POST", "/api/payments", {
      orderId,
      paymentMethodId: "pm_card_chargeDeclined",
    });
    return res.status === 404 ? undefined : res;
  });
  expect(known.status, "the buyer paying with a declined card").toBe(402);
}

const pay = (as: ApiClient, orderId: string) =>
  as.call("POST", "/api/payments", { orderId, paymentMethodId: "pm_card_visa" });

/** An event stream answers with its headers and then stays open: read those, then hang up. */
async function openStream(as: ApiClient, path: string): Promise<Reply> {
  const hangUp = new AbortController();
  const res = await fetch(`${as.baseUrl}${path}`, {
    headers: as.cookie ? { Cookie: as.cookie } : {},
    signal: hangUp.signal,
  });
  const body = res.ok ? undefined : await res.json();
  hangUp.abort();
  return { status: res.status, body, headers: res.headers };
}

/** A Stripe event the stack's webhook secret never signed. */
async function forgedWebhook(as: ApiClient, orderId: string): Promise<Reply> {
  const event = {
    id: `evt_${word()}`,
    object: "event",
    type: "payment_intent.succeeded",
    data: { object: { id: `pi_${word()}`, object: "payment_intent", metadata: { orderId } } },
  };
  const res = await fetch(`${as.baseUrl}/api/payments/webhook`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "Stripe-Signature": `t=${Math.floor(Date.now() / 1000)},v1=${randomBytes(32).toString("hex")}`,
      ...(as.cookie ? { Cookie: as.cookie } : {}),
    },
    body: JSON.stringify(event),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

function expectOwnedBy(items: { userId: string }[], asker: Member | undefined) {
  expect(asker, "a list of one's own answered to a genuine user").toBeDefined();
  for (const item of items) expect(item.userId).toBe(asker?.id);
}

export const ROUTE_DRIVERS: Record<Route, RouteDriver> = {
  "POST /api/users/signup": {
    changesState: true,
    arrange: async () => {
      const email = `matrix-${randomUUID()}@example.com`;
      return {
        send: (as) => as.call("POST", "/api/users/signup", { email, password: PASSWORD }),
        accepted: (reply) => {
          expect(reply.body).toMatchObject({ email });
          expect(reply.headers.get("set-cookie")).toMatch(/^session=/);
        },
      };
    },
  },
  "POST /api/users/signin": {
    changesState: true,
    arrange: async ({ owner }) => ({
      send: (as) =>
        as.call("POST", "/api/users/signin", { email: owner.email, password: PASSWORD }),
      accepted: (reply) => {
        expect(reply.body).toEqual({ id: owner.id, email: owner.email });
        expect(reply.headers.get("set-cookie")).toMatch(/^session=/);
      },
    }),
  },
  "POST /api/users/signout": {
    changesState: true,
    arrange: async () => ({
      send: (as) => as.call("POST", "/api/users/signout"),
      accepted: (reply) => expect(reply.headers.get("set-cookie")).toMatch(/^session=;/),
    }),
  },
  // Who it names is the table's business (NOBODY / YOU): the test checks that for every cell.
  "GET /api/users/currentuser": {
    changesState: false,
    arrange: async () => ({ send: (as) => as.call("GET", "/api/users/currentuser") }),
  },

  "POST /api/tickets": {
    changesState: true,
    arrange: async ({ anyone }) => {
      const title = `Matrix ${word()}`;
      return {
        send: (as) => as.call("POST", "/api/tickets", { title, price: 25 }),
        accepted: (reply) => expect(reply.body).toMatchObject({ title, status: "available" }),
        unchanged: async () => {
          const found = await anyone.call<Ticket[]>("GET", `/api/tickets?q=${title.split(" ")[1]}`);
          expect(found.body, "no ticket was listed").toEqual([]);
        },
      };
    },
  },
  "GET /api/tickets": {
    changesState: false,
    arrange: async ({ owner }) => {
      const ticket = await listTicket(owner);
      return {
        send: (as) => as.call("GET", `/api/tickets?q=${ticket.title.split(" ")[1]}`),
        accepted: (reply) => expect(reply.body).toEqual([ticket]),
      };
    },
  },
  "GET /api/tickets?seller=me": {
    changesState: false,
    arrange: async ({ owner }) => {
      const ticket = await listTicket(owner);
      return {
        send: (as) => as.call("GET", "/api/tickets?seller=me"),
        accepted: (reply, asker) => {
          const tickets = reply.body as Ticket[];
          expectOwnedBy(tickets, asker);
          if (asker === owner) expect(tickets).toContainEqual(ticket);
        },
      };
    },
  },
  "GET /api/tickets/updates": {
    changesState: false,
    arrange: async ({ owner }) => {
      const ticket = await listTicket(owner);
      return {
        send: (as) => openStream(as, `/api/tickets/updates?ids=${ticket.id}`),
        accepted: (reply) =>
          expect(reply.headers.get("content-type")).toMatch(/^text\/event-stream/),
      };
    },
  },
  "GET /api/tickets/:id": {
    changesState: false,
    arrange: async ({ owner }) => {
      const ticket = await listTicket(owner);
      return {
        send: (as) => as.call("GET", `/api/tickets/${ticket.id}`),
        accepted: (reply) => expect(reply.body).toEqual(ticket),
      };
    },
  },
  "PUT /api/tickets/:id": {
    changesState: true,
    arrange: async (cast) => {
      const ticket = await listTicket(cast.owner);
      const edit = { title: "Edited", price: 30 };
      return {
        send: (as) => as.call("PUT", `/api/tickets/${ticket.id}`, edit),
        accepted: (reply) =>
          expect(reply.body).toMatchObject({ ...edit, version: ticket.version + 1 }),
        unchanged: async () => expect(await readTicket(cast, ticket.id)).toEqual(ticket),
      };
    },
  },

  "POST /api/orders": {
    changesState: true,
    arrange: async (cast) => {
      const listed = await listTicket(cast.owner);
      await knownToOrders(cast.owner, listed.id);
      const ticket = await readTicket(cast, listed.id);
      return {
        send: (as) => as.call("POST", "/api/orders", { ticketId: ticket.id }),
        accepted: (reply, asker) =>
          expect(reply.body).toMatchObject({ userId: asker?.id, ticket: { id: ticket.id } }),
        unchanged: async () => {
          expect(await readTicket(cast, ticket.id)).toEqual(ticket);
          // Still for sale: the refused request locked nothing.
          const rightful = await cast.other.client.call("POST", "/api/orders", {
            ticketId: ticket.id,
          });
          expect(rightful.status, "another buyer's order afterwards").toBe(201);
        },
      };
    },
  },
  "GET /api/orders": {
    changesState: false,
    arrange: async (cast) => {
      const order = await ownersOrder(cast);
      return {
        send: (as) => as.call("GET", "/api/orders"),
        accepted: (reply, asker) => {
          const orders = reply.body as Order[];
          expectOwnedBy(orders, asker);
          if (asker === cast.owner) expect(orders.map((o) => o.id)).toContain(order.id);
        },
      };
    },
  },
  "GET /api/orders/:id": {
    changesState: false,
    arrange: async (cast) => {
      const order = await ownersOrder(cast);
      return {
        send: (as) => as.call("GET", `/api/orders/${order.id}`),
        accepted: (reply) => expect(reply.body).toEqual(order),
      };
    },
  },
  "DELETE /api/orders/:id": {
    changesState: true,
    arrange: async (cast) => {
      const order = await ownersOrder(cast);
      return {
        send: (as) => as.call("DELETE", `/api/orders/${order.id}`),
        accepted: async () =>
          expect((await readOrder(cast.owner, order.id)).status).toBe("cancelled"),
        unchanged: async () => expect(await readOrder(cast.owner, order.id)).toEqual(order),
      };
    },
  },

  "POST /api/payments": {
    changesState: true,
    arrange: async (cast) => {
      const placed = await ownersOrder(cast);
      await knownToPayments(cast.owner, placed.id);
      const order = await readOrder(cast.owner, placed.id);
      return {
        send: (as) => pay(as, order.id),
        accepted: (reply) =>
          expect(reply.body).toMatchObject({ orderId: order.id, status: "succeeded" }),
        unchanged: async () => {
          expect(await readOrder(cast.owner, order.id)).toEqual(order);
          // Nothing was paid: the buyer's own payment still goes through.
          const rightful = await pay(cast.owner.client, order.id);
          expect(rightful.status, "the buyer's payment afterwards").toBe(201);
        },
      };
    },
  },
  "POST /api/payments/webhook": {
    changesState: true,
    arrange: async (cast) => {
      const order = await ownersOrder(cast);
      return {
        send: (as) => forgedWebhook(as, order.id),
        unchanged: async () => expect(await readOrder(cast.owner, order.id)).toEqual(order),
      };
    },
  },
};
