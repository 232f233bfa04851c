import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import {
  closeServer,
  createLogger,
  type DataOf,
  type Event,
  listen,
  OrderCreated,
  publishEvent,
  type ServiceBus,
  type Subject,
  startServiceBus,
} from "@microtickets/common";
import {
  createTestBus,
  createTestDatabase,
  createTestSessions,
  eventApplied,
  eventually,
  testNatsUrl,
  watchEvents,
} from "@microtickets/common/testing";
import { startStripeEmulator } from "@microtickets/stripe-emulator";
import request from "supertest";
import { buildApp } from "./app.js";
import type { PaymentsDeps } from "./deps.js";
import { findPayment } from "./domain/payments.js";
import { paymentsListeners } from "./events/listeners.js";
import { createStripeClient } from "./stripe-client.js";

const migrations = fileURLToPath(new URL("./migrations", import.meta.url));

// Events normally take milliseconds; the deadline is generous because the test servers and the
// machine are shared with other suites running in parallel.
const EVENT_DEADLINE = { timeoutMs: 10_000 };
const WEBHOOK_SECRET = `whsec_${randomUUID().replace(/-/g, "")}`;

export interface PaymentsTestOptions {
  clock?: () => Date;
}

/**
 * The payments app for one test file: its own database and bus stream, its listeners and outbox
 * relay running, a local Stripe emulator it charges through the real SDK, and a port of its own
 * so the emulator can deliver signed webhooks to it as Stripe would.
 */
export async function createPaymentsTestApp(label: string, options: PaymentsTestOptions = {}) {
  const [db, testBus, sessions, stripeEmulator] = await Promise.all([
    createTestDatabase(`payments_${label}`, migrations),
    createTestBus(`payments_${label}`),
    createTestSessions(),
    startStripeEmulator(),
  ]);
  const logger = createLogger("payments-test");
  const events = await watchEvents(testBus);
  const deps: PaymentsDeps = {
    db: db.pool,
    stripe: createStripeClient("sk_test_microtickets", stripeEmulator.url),
    webhookSecret: WEBHOOK_SECRET,
    clock: options.clock ?? (() => new Date()),
  };
  const app = buildApp({
    logger,
    sessionPublicKey: sessions.publicKey,
    readiness: { database: () => db.pool.query("SELECT 1"), nats: () => testBus.nc.flush() },
    deps,
  });
  const server = await listen(app, 0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stripeEmulator.setWebhook({ url: `${url}/api/payments/webhook`, secret: WEBHOOK_SECRET });

  let serviceBus: ServiceBus | undefined;
  async function startListeners() {
    serviceBus ??= await startServiceBus({
      service: "payments",
      natsUrl: testNatsUrl(),
      bus: testBus.bus,
      logger,
      outbox: { pool: db.pool, databaseUrl: db.url },
      listeners: paymentsListeners(db.pool),
    });
  }
  await startListeners();

  /** Publishes as orders would, to this test's stream. */
  const publish = (event: Event) => publishEvent(testBus.js, testBus.bus, event);
  const applied = (event: Event) => eventApplied(db.pool, event.id, EVENT_DEADLINE);

  /** The order.created orders would publish for a new order by `userId`. */
  const orderCreated = (userId: string, order: Partial<DataOf<typeof OrderCreated>> = {}) =>
    OrderCreated.build({
      id: randomUUID(),
      userId,
      status: "created",
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
      version: 0,
      ticket: { id: randomUUID(), priceCents: 2_050 },
      ...order,
    });

  /** An order placed by a fresh buyer (or `buyer`), once payments has heard of it. */
  async function seedOrder(
    order: Partial<DataOf<typeof OrderCreated>> = {},
    buyer?: Awaited<ReturnType<typeof sessions.signIn>>,
  ) {
    const who = buyer ?? (await sessions.signIn());
    const created = orderCreated(who.user.id, order);
    await publish(created);
    await applied(created);
    return { order: created.data, buyer: who };
  }

  /** POST /api/payments as `buyer`. */
  const pay = (buyer: { cookie: string }, body: object, headers: Record<string, string> = {}) =>
    request(app).post("/api/payments").set("Cookie", buyer.cookie).set(headers).send(body);

  /** Waits for an event this service published (through its outbox) that matches. */
  const published = <D = Record<string, unknown>>(
    subject: Subject,
    matches?: (data: D) => boolean,
  ) => events.waitFor<D>(subject, matches, EVENT_DEADLINE);

  /** Waits until the attempt `id` reaches `status`. */
  const paymentReaches = (id: string, status: string) =>
    eventually(async () => {
      const payment = await findPayment(db.pool, id);
      return payment?.status === status ? payment : null;
    }, EVENT_DEADLINE);

  /** The emulator's charges and refunds for one order. */
  const ledgerOf = (orderId: string) => {
    const { charges, refunds } = stripeEmulator.ledger();
    const ofOrder = charges.filter((charge) => charge.metadata.orderId === orderId);
    const intents = new Set(ofOrder.map((charge) => charge.paymentIntent));
    return {
      charges: ofOrder,
      refunds: refunds.filter((refund) => intents.has(refund.paymentIntent)),
    };
  };

  /**
   * Delivers a Stripe event to the webhook as Stripe would: raw JSON, signed with the webhook
   * secret (or `secret`) at `signedAt` (default now).
   */
  function sendWebhook(event: object, signing: { secret?: string; signedAt?: Date } = {}) {
    const payload = JSON.stringify(event);
    const signature = deps.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: signing.secret ?? WEBHOOK_SECRET,
      timestamp: Math.floor((signing.signedAt ?? new Date()).getTime() / 1_000),
    });
    return request(app)
      .post("/api/payments/webhook")
      .set("Content-Type", "application/json")
      .set("Stripe-Signature", signature)
      .send(payload);
  }

  /** A Stripe event about a PaymentIntent, as Stripe would send it. */
  const intentEvent = (type: string, intent: object) => ({
    id: `evt_${randomUUID().replace(/-/g, "")}`,
    object: "event",
    type,
    created: Math.floor(Date.now() / 1_000),
    livemode: false,
    data: { object: intent },
  });

  return {
    app,
    url,
    db,
    deps,
    bus: testBus,
    events,
    sessions,
    stripeEmulator,
    webhookSecret: WEBHOOK_SECRET,
    logger,
    publish,
    applied,
    orderCreated,
    seedOrder,
    sendWebhook,
    intentEvent,
    pay,
    published,
    paymentReaches,
    ledgerOf,
    /** Stops everything, then deletes the stream and drops the database even if stopping failed. */
    async close() {
      try {
        for (const stop of serviceBus?.stops ?? []) await stop();
        await events.stop();
        await closeServer(server);
        await stripeEmulator.close();
      } finally {
        await testBus.destroy();
        await db.drop();
      }
    },
  };
}

export type PaymentsTestApp = Awaited<ReturnType<typeof createPaymentsTestApp>>;
