import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  createLogger,
  type DataOf,
  type Event,
  PaymentActionRequired,
  PaymentCreated,
  PaymentFailed,
  publishEvent,
  type ServiceBus,
  type Subject,
  startServiceBus,
  TicketCreated,
} from "@microtickets/common";
import {
  createTestBus,
  createTestDatabase,
  createTestSessions,
  eventApplied,
  eventDeadLettered,
  eventually,
  testNatsUrl,
  watchEvents,
} from "@microtickets/common/testing";
import request from "supertest";
import { buildApp } from "./app.js";
import type { OrderJson } from "./domain/order-json.js";
import { findTicket } from "./domain/tickets.js";
import { ordersListeners } from "./events/listeners.js";

const migrations = fileURLToPath(new URL("./migrations", import.meta.url));

// Events normally take milliseconds; the deadline is generous because the test servers and the
// machine are shared with other suites running in parallel.
const EVENT_DEADLINE = { timeoutMs: 10_000 };

export interface OrdersTestOptions {
  lockSeconds?: number;
  clock?: () => Date;
}

/**
 * The orders app on a database and a bus stream of its own, for one test file, with its
 * listeners and outbox relay running as in production. `stopListeners()` / `startListeners()`
 * simulate the service's messaging going down and coming back.
 */
export async function createOrdersTestApp(label: string, options: OrdersTestOptions = {}) {
  const [db, testBus, sessions] = await Promise.all([
    createTestDatabase(`orders_${label}`, migrations),
    createTestBus(`orders_${label}`),
    createTestSessions(),
  ]);
  const logger = createLogger("orders-test");
  const events = await watchEvents(testBus);
  const clock = options.clock ?? (() => new Date());
  const lockSeconds = options.lockSeconds ?? 900;

  const app = buildApp({
    logger,
    sessionPublicKey: sessions.publicKey,
    readiness: {
      database: () => db.pool.query("SELECT 1"),
      nats: () => testBus.nc.flush(),
    },
    deps: { db: db.pool, clock, lockSeconds },
  });

  let serviceBus: ServiceBus | undefined;
  async function startListeners() {
    serviceBus ??= await startServiceBus({
      service: "orders",
      natsUrl: testNatsUrl(),
      bus: testBus.bus,
      logger,
      outbox: { pool: db.pool, databaseUrl: db.url },
      listeners: ordersListeners(db.pool, clock),
    });
  }
  async function stopListeners() {
    const running = serviceBus;
    serviceBus = undefined;
    for (const stop of running?.stops ?? []) await stop();
  }

  /** Publishes as another service would (its outbox relay), to this test's stream. */
  const publish = (event: Event) => publishEvent(testBus.js, testBus.bus, event);

  /** A ticket listed by someone (or `userId`), once the replica has heard of it. */
  async function seedTicket(ticket: Partial<DataOf<typeof TicketCreated>> = {}) {
    const created = TicketCreated.build({
      id: randomUUID(),
      title: "Concert",
      priceCents: 2_050,
      userId: randomUUID(),
      version: 0,
      category: "concerts",
      venue: "Town Hall",
      startsAt: null,
      ...ticket,
    });
    await publish(created);
    await eventually(() => findTicket(db.pool, created.data.id), EVENT_DEADLINE);
    return created.data;
  }

  const applied = (event: Event) => eventApplied(db.pool, event.id, EVENT_DEADLINE);

  /** Publishes an event as its service would, and waits until orders has applied it. */
  async function apply<E extends Event>(event: E): Promise<E> {
    await publish(event);
    await applied(event);
    return event;
  }

  /** One payment attempt for an order, its steps announced as payments would announce them. */
  function paymentAttempt(orderId: string) {
    const about = { id: randomUUID(), orderId, stripeId: `pi_${randomUUID()}` };
    return {
      awaitsAction: () => apply(PaymentActionRequired.build(about)),
      fails: (reason = "Your card was declined.") =>
        apply(PaymentFailed.build({ ...about, reason })),
      succeeds: () => apply(PaymentCreated.build({ ...about, amountCents: 2_050 })),
    };
  }

  /** The order's status and version as stored. */
  const stored = async (id: string) =>
    (
      await db.pool.query<{ status: string; version: number }>(
        "SELECT status, version FROM orders WHERE id = $1",
        [id],
      )
    ).rows[0];

  /** What orders announced about the order (or ticket) `id`, in outbox order. */
  const announced = async (id: string) =>
    (
      await db.pool.query<{ subject: string }>(
        "SELECT subject FROM outbox WHERE data->>'id' = $1 ORDER BY seq",
        [id],
      )
    ).rows.map((row) => row.subject);
  const deadLettered = (event: Event) => eventDeadLettered(db.pool, event.id, EVENT_DEADLINE);

  /** Waits for an event this service published (through its outbox) that matches. */
  const published = <D = Record<string, unknown>>(
    subject: Subject,
    matches?: (data: D) => boolean,
  ) => events.waitFor<D>(subject, matches, EVENT_DEADLINE);

  /** POST /api/orders by `buyer` (a fresh one unless given), which must succeed. */
  async function placeOrder(ticketId: string, buyer?: Awaited<ReturnType<typeof sessions.signIn>>) {
    const who = buyer ?? (await sessions.signIn());
    const res = await request(app).post("/api/orders").set("Cookie", who.cookie).send({ ticketId });
    if (res.status !== 201) throw new Error(`POST /api/orders answered ${res.status}: ${res.text}`);
    return { order: res.body as OrderJson, buyer: who };
  }

  await startListeners();

  return {
    app,
    db,
    bus: testBus,
    events,
    sessions,
    publish,
    apply,
    paymentAttempt,
    stored,
    announced,
    seedTicket,
    placeOrder,
    applied,
    deadLettered,
    published,
    startListeners,
    stopListeners,
    /** Stops everything, then deletes the stream and drops the database even if stopping failed. */
    async close() {
      try {
        await stopListeners();
        await events.stop();
      } finally {
        await testBus.destroy();
        await db.drop();
      }
    },
  };
}

export type OrdersTestApp = Awaited<ReturnType<typeof createOrdersTestApp>>;
