import type { ErrorItem } from "@microtickets/common";
import { eventually } from "@microtickets/common/testing";
import { emulatorClient } from "@microtickets/stripe-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, type Order, type Payment, type Ticket } from "./client.js";
import { type RunningStack, startStack } from "./stack.js";

const LOCK_SECONDS = 4;

/** Paying for a locked ticket through the gateway, with the stack's local Stripe emulator. */
describe("payments, end to end", () => {
  let stack: RunningStack;
  let stripe: ReturnType<typeof emulatorClient>;
  let seller: ApiClient;
  let buyer: ApiClient;
  let rival: ApiClient;

  beforeAll(async () => {
    stack = await startStack({
      ORDER_LOCK_SECONDS: String(LOCK_SECONDS),
      // Long enough for a payment to outlast orders paused across the deadline (see below).
      PAYMENT_HOLD_WAIT_MS: "20000",
    });
    stripe = emulatorClient(stack.stripeUrl);
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

  /** A ticket listed by the seller and locked by the buyer, as soon as each service knows. */
  async function lockedTicket(price = 19.99) {
    const listed = await seller.call<Ticket>("POST", "/api/tickets", { title: "Gig", price });
    expect(listed.status).toBe(201);
    const order = await eventually(async () => {
      const res = await buyer.call<Order>("POST", "/api/orders", { ticketId: listed.body.id });
      return res.status === 404 ? undefined : res;
    });
    expect(order.status).toBe(201);
    return { ticket: listed.body, order: order.body };
  }

  /** Pays as soon as payments has heard of the order (404 until then, by contract). */
  const pay = (orderId: string, paymentMethodId = "pm_card_visa") =>
    eventually(async () => {
      const res = await buyer.call<Payment & { clientSecret?: string }>("POST", "/api/payments", {
        orderId,
        paymentMethodId,
      });
      return res.status === 404 ? undefined : res;
    });

  const orderStatus = async (id: string) =>
    (await buyer.call<Order>("GET", `/api/orders/${id}`)).body.status;
  const ticketOf = async (id: string) =>
    (await seller.call<Ticket>("GET", `/api/tickets/${id}`)).body;
  const chargesOf = async (orderId: string) =>
    (await stripe.ledger()).charges.filter((charge) => charge.metadata.orderId === orderId);

  it("completes the order and sells the ticket once the buyer has paid", async () => {
    const { ticket, order } = await lockedTicket();

    const paid = await pay(order.id);

    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ orderId: order.id, status: "succeeded" });
    await eventually(async () => (await ticketOf(ticket.id)).status === "sold");
    expect(await orderStatus(order.id)).toBe("complete");
    const listed = await seller.call<Ticket[]>("GET", "/api/tickets?limit=100");
    expect(listed.body.map((t) => t.id)).not.toContain(ticket.id);
    const edit = await seller.call("PUT", `/api/tickets/${ticket.id}`, { title: "x", price: 5 });
    expect(edit.status).toBe(409);
    expect((await rival.call("POST", "/api/orders", { ticketId: ticket.id })).status).toBe(409);
    expect((await buyer.call("DELETE", `/api/orders/${order.id}`)).status).toBe(409);
  });

  it.each([
    [0.5, 50],
    [0.57, 57],
    [19.99, 1_999],
    [999_999.99, 99_999_999],
  ])("charges a ticket of $%d exactly %i cents", async (price, cents) => {
    const { order } = await lockedTicket(price);

    expect((await pay(order.id)).status).toBe(201);

    expect((await chargesOf(order.id)).map((charge) => charge.amount)).toEqual([cents]);
  });

  it("refuses to list a ticket above $999,999.99, Stripe's largest single charge", async () => {
    const listed = await seller.call<{ errors: ErrorItem[] }>("POST", "/api/tickets", {
      title: "Gig",
      price: 1_000_000,
    });

    expect(listed.status).toBe(400);
    expect(listed.body.errors).toEqual([expect.objectContaining({ field: "price" })]);
  });

  it("shows the order awaiting payment during 3-D Secure, and complete after it", async () => {
    const { ticket, order } = await lockedTicket();

    const waiting = await pay(order.id, "pm_card_authenticationRequired");
    expect(waiting.status).toBe(202);
    expect(waiting.body.clientSecret).toMatch(/_secret_/);
    await eventually(async () => (await orderStatus(order.id)) === "awaiting:payment");
    expect((await ticketOf(ticket.id)).status).toBe("reserved");

    await stripe.authenticate(waiting.body.stripeId ?? "", "succeed");

    await eventually(async () => (await ticketOf(ticket.id)).status === "sold");
    expect(await orderStatus(order.id)).toBe("complete");
  });

  /** A locked ticket whose payment Stripe has charged, its answer held back until `release`. */
  async function chargedButNotAnswered() {
    const { ticket, order } = await lockedTicket();
    await pay(order.id, "pm_card_chargeDeclined"); // payments knows the order now
    const held = await stripe.hold();
    const answer = buyer.call<Payment>("POST", "/api/payments", {
      orderId: order.id,
      paymentMethodId: "pm_card_visa",
    });
    await eventually(async () => (await chargesOf(order.id)).length === 1);
    return { ticket, order, answer, release: () => held.release() };
  }

  it("lets a payment sent before the lock ran out win, however late Stripe answers", async () => {
    const { ticket, order, answer, release } = await chargedButNotAnswered();

    // Stripe has charged, and answers only once the lock has run out.
    const pastTheLock = Date.parse(order.expiresAt) + 1_000;
    await eventually(() => Date.now() > pastTheLock, { timeoutMs: LOCK_SECONDS * 1_000 + 2_000 });
    expect((await ticketOf(ticket.id)).status).toBe("reserved");
    await release();
    const res = await answer;

    expect(res.status).toBe(201);
    await eventually(async () => (await ticketOf(ticket.id)).status === "sold");
    expect(await orderStatus(order.id)).toBe("complete");
    expect((await stripe.ledger()).refunds).not.toContainEqual(
      expect.objectContaining({ paymentIntent: res.body.stripeId }),
    );
  }, 30_000);

  it("lets a payment sent before the lock ran out win when orders hears of it only afterwards", async () => {
    const { ticket, order } = await lockedTicket();
    await pay(order.id, "pm_card_chargeDeclined"); // payments knows the order now
    stack.pause("orders");
    let answer: Promise<Awaited<ReturnType<typeof pay>>>;
    try {
      // Accepted by payments in time; its payment.started waits on the bus for orders.
      answer = pay(order.id);
      const pastTheLock = Date.parse(order.expiresAt) + 1_000;
      await eventually(() => Date.now() > pastTheLock, { timeoutMs: LOCK_SECONDS * 1_000 + 2_000 });
    } finally {
      stack.resume("orders");
    }
    const res = await answer;

    expect(res.status).toBe(201);
    await eventually(async () => (await ticketOf(ticket.id)).status === "sold");
    expect(await orderStatus(order.id)).toBe("complete");
  }, 40_000);

  it("answers a cancellation racing a payment with 409; the payment wins and is final", async () => {
    const { ticket, order, answer, release } = await chargedButNotAnswered();

    const cancel = await buyer.call<{ errors: ErrorItem[] }>("DELETE", `/api/orders/${order.id}`);
    await release();

    expect(cancel.status).toBe(409);
    expect(cancel.body.errors[0]?.message).toMatch(/payment for this order is under way/);
    expect((await answer).status).toBe(201);
    await eventually(async () => (await ticketOf(ticket.id)).status === "sold");
  });

  it("refuses a payment for an order cancelled first with 409, charging nothing", async () => {
    const { order } = await lockedTicket();
    await pay(order.id, "pm_card_chargeDeclined"); // payments knows the order now
    expect((await buyer.call("DELETE", `/api/orders/${order.id}`)).status).toBe(204);

    // Payments may not have heard of the cancellation yet: orders, which did not hold the order
    // for the attempt, decides.
    const res = await buyer.call("POST", "/api/payments", {
      orderId: order.id,
      paymentMethodId: "pm_card_visa",
    });

    expect(res.status).toBe(409);
    expect(await chargesOf(order.id)).toEqual([]);
  });
});
