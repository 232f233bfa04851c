import { randomUUID } from "node:crypto";
import type { Recorder } from "./history.js";

export interface Actor {
  name: string;
  cookie?: string;
}

export interface WorkloadContext {
  recorder: Recorder;
  baseUrl: string;
  stripeUrl: string;
  /** Tickets listed so far that may still be for sale. */
  tickets: string[];
  stopping: () => boolean;
}

const CARDS = [
  "pm_card_visa",
  "pm_card_mastercard",
  "pm_card_chargeDeclined",
  "pm_card_chargeDeclinedInsufficientFunds",
  "pm_card_authenticationRequired",
] as const;

const SCENARIOS = [
  "pay",
  "pay",
  "pay",
  "double-pay-without-key",
  "double-pay-with-key",
  "pay-at-deadline",
  "pay-and-cancel",
  "cancel",
  "abandon",
] as const;
export type Scenario = (typeof SCENARIOS)[number];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function signUp(ctx: WorkloadContext, name: string): Promise<Actor> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await ctx.recorder.request(ctx.baseUrl, {
      kind: "user.signup",
      actor: name,
      method: "POST",
      path: "/api/users/signup",
      body: { email: `${name}-${randomUUID()}@example.com`, password: "password1" },
    });
    if (res.status === 201) {
      return { name, cookie: (res.headers?.get("set-cookie") ?? "").split(";")[0] };
    }
    await sleep(200);
  }
  throw new Error(`could not sign up ${name}`);
}

const priceOf = () => Math.round(500 + Math.random() * 9_500) / 100;

export async function listTicket(ctx: WorkloadContext, seller: Actor): Promise<string | undefined> {
  const res = await ctx.recorder.request(ctx.baseUrl, {
    kind: "ticket.create",
    actor: seller.name,
    method: "POST",
    path: "/api/tickets",
    body: { title: `Chaos ${randomUUID().slice(0, 8)}`, price: priceOf() },
    cookie: seller.cookie,
  });
  const id = (res.response as { id?: string } | undefined)?.id;
  return res.status === 201 && id ? id : undefined;
}

/** A seller lists tickets and now and then changes the price of one of theirs. */
export async function sellerLoop(ctx: WorkloadContext, seller: Actor): Promise<void> {
  const mine: string[] = [];
  while (!ctx.stopping()) {
    if (mine.length < 3 || Math.random() < 0.5) {
      const id = await listTicket(ctx, seller);
      if (id) {
        mine.push(id);
        ctx.tickets.push(id);
      }
    } else {
      const id = pick(mine);
      await ctx.recorder.request(ctx.baseUrl, {
        kind: "ticket.edit",
        actor: seller.name,
        method: "PUT",
        path: `/api/tickets/${id}`,
        body: { title: "Chaos (edited)", price: priceOf() },
        cookie: seller.cookie,
      });
    }
    await sleep(300 + Math.random() * 400);
  }
}

/** POST /api/orders on some listed ticket, retrying while orders has not heard of it yet. */
export async function placeOrder(
  ctx: WorkloadContext,
  buyer: Actor,
  ticketId: string,
): Promise<{ id: string; expiresAt: string } | undefined> {
  for (let attempt = 0; attempt < 20 && !ctx.stopping(); attempt++) {
    const res = await ctx.recorder.request(ctx.baseUrl, {
      kind: "order.create",
      actor: buyer.name,
      method: "POST",
      path: "/api/orders",
      body: { ticketId },
      cookie: buyer.cookie,
    });
    if (res.status === 201) return res.response as { id: string; expiresAt: string };
    // 404: orders has not heard of the ticket yet; anything else (409, 5xx): give up on it.
    if (res.status !== 404) return undefined;
    await sleep(100);
  }
  return undefined;
}

export async function pay(
  ctx: WorkloadContext,
  buyer: Actor,
  orderId: string,
  card: string,
  idempotencyKey?: string,
): Promise<number | null> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await ctx.recorder.request(ctx.baseUrl, {
      kind: "payment.create",
      actor: buyer.name,
      method: "POST",
      path: "/api/payments",
      body: { orderId, paymentMethodId: card },
      cookie: buyer.cookie,
      ...(idempotencyKey && { idempotencyKey }),
    });
    // 404: payments has not heard of the order yet.
    if (res.status !== 404) {
      const stripeId = (res.response as { stripeId?: string } | undefined)?.stripeId;
      if (res.status === 202 && stripeId) await authenticate(ctx, stripeId);
      return res.status;
    }
    await sleep(100);
  }
  return 404;
}

/** The buyer finishing 3-D Secure, or failing it, or walking away. */
async function authenticate(ctx: WorkloadContext, paymentIntentId: string): Promise<void> {
  const outcome = pick(["succeed", "fail", "walk away"] as const);
  if (outcome === "walk away") return;
  await sleep(200);
  await fetch(`${ctx.stripeUrl}/_emulator/payment_intents/${paymentIntentId}/authenticate`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ outcome }),
  }).catch(() => {});
}

function cancel(ctx: WorkloadContext, buyer: Actor, orderId: string) {
  return ctx.recorder.request(ctx.baseUrl, {
    kind: "order.cancel",
    actor: buyer.name,
    method: "DELETE",
    path: `/api/orders/${orderId}`,
    cookie: buyer.cookie,
  });
}

export async function runScenario(
  ctx: WorkloadContext,
  buyer: Actor,
  scenario: Scenario,
): Promise<void> {
  const ticketId = ctx.tickets.length > 0 ? pick(ctx.tickets.slice(-20)) : undefined;
  if (!ticketId) {
    await sleep(200);
    return;
  }
  const order = await placeOrder(ctx, buyer, ticketId);
  if (!order) return;
  switch (scenario) {
    case "pay":
      await pay(ctx, buyer, order.id, pick(CARDS));
      return;
    case "double-pay-without-key":
      await Promise.all([
        pay(ctx, buyer, order.id, "pm_card_visa"),
        pay(ctx, buyer, order.id, "pm_card_visa"),
      ]);
      return;
    case "double-pay-with-key": {
      const key = randomUUID();
      await Promise.all([
        pay(ctx, buyer, order.id, "pm_card_visa", key),
        pay(ctx, buyer, order.id, "pm_card_visa", key),
      ]);
      return;
    }
    case "pay-at-deadline": {
      const wait = Date.parse(order.expiresAt) - Date.now() - 30 - Math.random() * 60;
      if (wait > 0) await sleep(wait);
      await pay(ctx, buyer, order.id, "pm_card_visa");
      return;
    }
    case "pay-and-cancel":
      await Promise.all([pay(ctx, buyer, order.id, "pm_card_visa"), cancel(ctx, buyer, order.id)]);
      return;
    case "cancel":
      await cancel(ctx, buyer, order.id);
      return;
    case "abandon":
      return;
  }
}

export async function buyerLoop(ctx: WorkloadContext, buyer: Actor): Promise<void> {
  while (!ctx.stopping()) {
    await runScenario(ctx, buyer, pick(SCENARIOS));
    await sleep(100 + Math.random() * 200);
  }
}
