import { ApiClient, type Order, type Ticket } from "../e2e/client.js";
import type { RunningStack } from "../e2e/stack.js";
import { summarize, throughput, timeSequential } from "./measure.js";

// The pollers look again this soon after an answer: with the request's own round trip, the
// resolution of every propagation time below.
const POLL_MS = 1;
const DEADLINE_MS = 10_000;

/**
 * When the first request that saw the change was sent: a request sent from then on is answered
 * with the new state, which is what "propagated" means to a client.
 */
async function pollUntil(check: () => Promise<boolean>): Promise<number> {
  const deadline = Date.now() + DEADLINE_MS;
  while (Date.now() < deadline) {
    const sentAt = performance.now();
    if (await check()) return sentAt;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`not reached within ${DEADLINE_MS} ms`);
}

/** A seller and a buyer, and what both measurements below do with them. */
async function marketplace(stack: RunningStack) {
  const seller = new ApiClient(stack.url);
  const buyer = new ApiClient(stack.url);
  await Promise.all([seller.signUp(), buyer.signUp()]);
  const status = async (id: string) =>
    (await seller.call<Ticket>("GET", `/api/tickets/${id}`)).body.status;
  return {
    buyer,
    async listTicket() {
      const res = await seller.call<Ticket>("POST", "/api/tickets", { title: "Bench", price: 10 });
      if (res.status !== 201) throw new Error(`POST /api/tickets: ${res.status}`);
      return { ticket: res.body, listedAt: performance.now() };
    },
    /** Orders as soon as orders knows the ticket; resolves once tickets shows it reserved. */
    async orderWhenKnown(ticketId: string) {
      let order: Order | undefined;
      const at = await pollUntil(async () => {
        const res = await buyer.call<Order>("POST", "/api/orders", { ticketId });
        if (res.status === 201) order = res.body;
        return res.status !== 404;
      });
      if (!order) throw new Error("the first order was not a 201");
      await pollUntil(async () => (await status(ticketId)) === "reserved");
      return { order, at };
    },
    untilAvailable: (id: string) => pollUntil(async () => (await status(id)) === "available"),
    untilSold: (id: string) => pollUntil(async () => (await status(id)) === "sold"),
  };
}

/**
 * The propagation CONTRACT.md promises, timed end to end through the gateway: a new ticket
 * becomes orderable; a cancelled order's ticket becomes available again.
 */
export async function propagationLatency(stack: RunningStack, tries: number) {
  const m = await marketplace(stack);
  const orderable: number[] = [];
  const afterDelete: number[] = [];
  for (let i = 0; i < tries; i++) {
    const { ticket, listedAt } = await m.listTicket();
    const { order, at } = await m.orderWhenKnown(ticket.id);
    orderable.push(at - listedAt);
    const deleted = await m.buyer.call("DELETE", `/api/orders/${order.id}`);
    const deletedAt = performance.now();
    if (deleted.status !== 204) throw new Error(`DELETE: ${deleted.status}`);
    afterDelete.push((await m.untilAvailable(ticket.id)) - deletedAt);
  }
  return { postTicketToOrderable: summarize(orderable), deleteToAvailable: summarize(afterDelete) };
}

/**
 * From `POST /api/payments` answering 201 to the ticket shown sold: payment.created → orders
 * completes the order → order.completed → tickets marks it sold (CONTRACT.md: within 1 s).
 */
export async function paymentLatency(stack: RunningStack, tries: number) {
  const m = await marketplace(stack);
  const paidToSold: number[] = [];
  const payCall: number[] = [];
  for (let i = 0; i < tries; i++) {
    const { ticket } = await m.listTicket();
    const { order } = await m.orderWhenKnown(ticket.id);
    let paidAt = 0;
    let sentAt = 0;
    await pollUntil(async () => {
      sentAt = performance.now();
      const res = await m.buyer.call("POST", "/api/payments", {
        orderId: order.id,
        paymentMethodId: "pm_card_visa",
      });
      paidAt = performance.now();
      if (res.status !== 404 && res.status !== 201) throw new Error(`POST payment: ${res.status}`);
      return res.status === 201;
    });
    payCall.push(paidAt - sentAt);
    paidToSold.push((await m.untilSold(ticket.id)) - paidAt);
  }
  return { postPayment: summarize(payCall), paidToSold: summarize(paidToSold) };
}

/** From an unpaid order's `expiresAt` to its ticket shown available (needs a short lock). */
export async function expiryLatency(stack: RunningStack, tries: number) {
  const m = await marketplace(stack);
  const afterExpiry: number[] = [];
  for (let i = 0; i < tries; i++) {
    const { ticket } = await m.listTicket();
    const { order } = await m.orderWhenKnown(ticket.id);
    await m.untilAvailable(ticket.id);
    // Wall clock on both sides: expiresAt is a wall-clock instant.
    afterExpiry.push(Date.now() - Date.parse(order.expiresAt));
  }
  return summarize(afterExpiry);
}

/**
 * A rush on one ticket: `buyers` clients each hammering POST /api/orders. Exactly one gets a
 * 201; the throughput is how fast the rest are told 409, against GET currentuser's.
 */
export async function rushOnOneTicket(stack: RunningStack, buyers: number, requestsEach: number) {
  const seller = new ApiClient(stack.url);
  await seller.signUp();
  const clients = await Promise.all(
    Array.from({ length: buyers }, async () => {
      const client = new ApiClient(stack.url);
      await client.signUp();
      return client;
    }),
  );
  const ticket = (await seller.call<Ticket>("POST", "/api/tickets", { title: "Rush", price: 99 }))
    .body;
  await pollUntil(
    async () => (await seller.call("POST", "/api/orders", { ticketId: ticket.id })).status === 400,
  );

  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  const total = buyers * requestsEach;
  const perSecond = await throughput(total, buyers, async (i) => {
    const client = clients[i % buyers] as ApiClient;
    const began = performance.now();
    const res = await client.call("POST", "/api/orders", { ticketId: ticket.id });
    latencies.push(performance.now() - began);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  });
  const baseline = await timeSequential(40, async () => {
    await clients[0]?.call("GET", "/api/users/currentuser");
  });
  return {
    requests: total,
    inFlight: buyers,
    statuses: Object.fromEntries(statuses),
    ordersPerSecond: perSecond,
    latency: summarize(latencies),
    baseline: summarize(baseline),
  };
}
