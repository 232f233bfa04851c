import { randomUUID } from "node:crypto";
import {
  type DataOf,
  type OrderLockExpired,
  PaymentCreated,
  PaymentWindowClosed,
  Subjects,
  type TicketCreated,
} from "@microtickets/common";
import { eventually, sample, startTestService } from "@microtickets/common/testing";
import request from "supertest";
import type { OrderJson } from "./domain/order-json.js";
import { findTicket } from "./domain/ticket-replica.js";
import { ordersService } from "./service.js";

export interface OrdersTestOptions {
  lockSeconds?: number;
  clock?: () => Date;
  /** More of orders' variables, e.g. a fair-sales limit raised out of a test's way. */
  env?: Record<string, string>;
}

/** The orders service for one test file, with orders' own helpers. */
export async function createOrdersTestApp(label: string, options: OrdersTestOptions = {}) {
  const t = await startTestService(ordersService, {
    label,
    clock: options.clock,
    env: { ORDER_LOCK_SECONDS: String(options.lockSeconds ?? 900), ...options.env },
  });

  // Payments' side of an expiry: each order.lock-expired is answered with payment.window-closed, as
  // payments does when no attempt of the order is open, unless a test takes over
  // (`payments.manually`) to answer late, or never.
  const payments = { manually: false };
  t.events.onEvent((event) => {
    if (payments.manually || event.subject !== Subjects.OrderLockExpired) return;
    const { id } = event.data as DataOf<typeof OrderLockExpired>;
    // A publish racing `close` has no one to tell.
    t.publish(PaymentWindowClosed.build({ orderId: id })).catch(() => undefined);
  });

  /** A ticket listed by someone (or `userId`), once the replica has heard of it. */
  async function seedTicket(ticket: Partial<DataOf<typeof TicketCreated>> = {}) {
    const created = sample.ticketCreated({ title: "Concert", priceCents: 2_050, ...ticket });
    await t.publish(created);
    await eventually(() => findTicket(t.db, created.data.id), { timeoutMs: 10_000 });
    return created.data;
  }

  /** One payment attempt for an order, its steps announced as payments would announce them. */
  function paymentAttempt(orderId: string) {
    const about = { id: randomUUID(), orderId, stripeId: `pi_${randomUUID()}` };
    return {
      id: about.id,
      starts: () => t.apply(sample.paymentStarted({ id: about.id, orderId })),
      awaitsAction: () => t.apply(sample.paymentActionRequired(about)),
      fails: (reason = "Your card was declined.") =>
        t.apply(sample.paymentFailed({ ...about, reason })),
      succeeds: () => t.apply(PaymentCreated.build({ ...about, amountCents: 2_050 })),
    };
  }

  /** The order's status and version as stored. */
  const stored = async (id: string) =>
    (
      await t.db.query<{ status: string; version: number }>(
        "SELECT status, version FROM orders WHERE id = $1",
        [id],
      )
    ).rows[0];

  /** What orders announced about the order (or ticket) `id`, in outbox order. */
  const announced = async (id: string) =>
    (
      await t.db.query<{ subject: string }>(
        "SELECT subject FROM outbox WHERE data->>'id' = $1 ORDER BY seq",
        [id],
      )
    ).rows.map((row) => row.subject);

  /** POST /api/orders by `buyer` (a fresh one unless given), which must succeed. */
  async function placeOrder(
    ticketId: string,
    buyer?: Awaited<ReturnType<typeof t.sessions.signIn>>,
  ) {
    const who = buyer ?? (await t.sessions.signIn());
    const res = await request(t.app)
      .post("/api/orders")
      .set("Cookie", who.cookie)
      .send({ ticketId });
    if (res.status !== 201) throw new Error(`POST /api/orders answered ${res.status}: ${res.text}`);
    return { order: res.body as OrderJson, buyer: who };
  }

  return Object.assign(t, { payments, seedTicket, paymentAttempt, stored, announced, placeOrder });
}

export type OrdersTestApp = Awaited<ReturnType<typeof createOrdersTestApp>>;

/** The definition itself, for benchmarks that start it their own way. */
export { ordersService } from "./service.js";
