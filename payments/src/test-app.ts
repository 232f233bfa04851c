import { randomUUID } from "node:crypto";
import {
  type DataOf,
  type OrderCreated,
  OrderHeld,
  type PaymentStarted,
  Subjects,
} from "@microtickets/common";
import {
  eventually,
  sample,
  startTestService,
  type TestSessions,
} from "@microtickets/common/testing";
import { startStripeEmulator } from "@microtickets/stripe-emulator";
import request from "supertest";
import { findPayment } from "./domain/payments.js";
import { WEBHOOK_PATH } from "./routes/webhook.js";
import { paymentsService } from "./service.js";

const WEBHOOK_SECRET = `whsec_${randomUUID().replace(/-/g, "")}`;
// Generous: the machine is shared with other suites running in parallel.
const DEADLINE = { timeoutMs: 10_000 };

type Buyer = Awaited<ReturnType<TestSessions["signIn"]>>;

/**
 * The payments service for one test file, started as in production, charging through the real
 * SDK a local Stripe emulator of its own, which delivers signed webhooks to it as Stripe would.
 */
export async function createPaymentsTestApp(
  label: string,
  options: { clock?: () => Date; env?: Record<string, string> } = {},
) {
  const stripeEmulator = await startStripeEmulator();
  const t = await startTestService(paymentsService, {
    label,
    clock: options.clock,
    env: {
      STRIPE_SECRET_KEY: "sk_test_microtickets",
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: stripeEmulator.url,
      ...options.env,
    },
  }).catch(async (error: unknown) => {
    await stripeEmulator.close();
    throw error;
  });
  stripeEmulator.setWebhook({ url: `${t.url}${WEBHOOK_PATH}`, secret: WEBHOOK_SECRET });

  // Orders' side of a payment: each payment.started is answered with order.held, as orders does
  // for an open order, unless a test takes over (`holdOrders.manually`) to decide the race itself.
  const holdOrders = { manually: false };
  t.events.onEvent((event) => {
    if (holdOrders.manually || event.subject !== Subjects.PaymentStarted) return;
    const { id, orderId } = event.data as DataOf<typeof PaymentStarted>;
    // A failure shows as the payment's 503 (no hold); a publish racing `close` has no one to tell.
    t.publish(OrderHeld.build({ id: orderId, paymentId: id })).catch(() => undefined);
  });

  /** The order.created orders would publish for a new order by `userId`. */
  const orderCreated = (userId: string, order: Partial<DataOf<typeof OrderCreated>> = {}) =>
    sample.orderCreated({ userId, ticket: { id: randomUUID(), priceCents: 2_050 }, ...order });

  return {
    ...t,
    stripeEmulator,
    orderCreated,
    holdOrders,

    /** An order placed by a fresh buyer (or `buyer`), once payments has heard of it. */
    async seedOrder(order: Partial<DataOf<typeof OrderCreated>> = {}, buyer?: Buyer) {
      const who = buyer ?? (await t.sessions.signIn());
      const created = await t.apply(orderCreated(who.user.id, order));
      return { order: created.data, buyer: who };
    },

    /** POST /api/payments as `buyer`. */
    pay: (buyer: { cookie: string }, body: object, headers: Record<string, string> = {}) =>
      request(t.app).post("/api/payments").set("Cookie", buyer.cookie).set(headers).send(body),

    /** Waits until the attempt `id` reaches `status`. */
    paymentReaches: (id: string, status: string) =>
      eventually(async () => {
        const payment = await findPayment(t.db, id);
        return payment?.status === status ? payment : null;
      }, DEADLINE),

    /** The emulator's charges and refunds for one order. */
    ledgerOf(orderId: string) {
      const { charges, refunds } = stripeEmulator.ledger();
      const ofOrder = charges.filter((charge) => charge.metadata.orderId === orderId);
      const intents = new Set(ofOrder.map((charge) => charge.paymentIntent));
      return {
        charges: ofOrder,
        refunds: refunds.filter((refund) => intents.has(refund.paymentIntent)),
      };
    },

    /**
     * Delivers a Stripe event to the webhook as Stripe would: raw JSON, signed with the webhook
     * secret (or `secret`) at `signedAt` (default now).
     */
    sendWebhook(event: object, signing: { secret?: string; signedAt?: Date } = {}) {
      const payload = JSON.stringify(event);
      const signature = t.deps.stripe.webhooks.generateTestHeaderString({
        payload,
        secret: signing.secret ?? WEBHOOK_SECRET,
        timestamp: Math.floor((signing.signedAt ?? new Date()).getTime() / 1_000),
      });
      return request(t.app)
        .post(WEBHOOK_PATH)
        .set("Content-Type", "application/json")
        .set("Stripe-Signature", signature)
        .send(payload);
    },

    /** A Stripe event about a PaymentIntent, as Stripe would send it. */
    intentEvent: (type: string, intent: object) => ({
      id: `evt_${randomUUID().replace(/-/g, "")}`,
      object: "event",
      type,
      created: Math.floor(Date.now() / 1_000),
      livemode: false,
      data: { object: intent },
    }),

    /** Stops the service (and drops its database and stream), then the emulator. */
    async close() {
      try {
        await t.close();
      } finally {
        await stripeEmulator.close();
      }
    },
  };
}

export type PaymentsTestApp = Awaited<ReturnType<typeof createPaymentsTestApp>>;

/** The definition itself, for benchmarks that start it their own way. */
export { paymentsService } from "./service.js";
