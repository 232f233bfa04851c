import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  createLogger,
  type DataOf,
  durableName,
  type Event,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  publishEvent,
  type ServiceBus,
  type Subject,
  startServiceBus,
  type TicketUpdated,
  wireSubject,
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
import type { TicketsDeps } from "./deps.js";
import type { TicketJson } from "./domain/ticket-json.js";
import { ticketsListeners } from "./events/listeners.js";
import { startTestLive, type TestLive, type TestLiveOptions } from "./live/test-live.js";

const migrations = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * The tickets app on a database and a stream of its own, for one test file. The listeners and
 * the outbox relay run only between `startListeners()` and `stopListeners()`, as they would in
 * the service (startServiceBus), so a test can stop them to play a restart.
 */
export async function createTicketsTestApp(label: string) {
  const db = await createTestDatabase(`tickets_${label}`, migrations);
  const bus = await createTestBus(`tickets_${label}`);
  const sessions = await createTestSessions();
  const logger = createLogger("tickets-test");
  const events = await watchEvents(bus);
  let serviceBus: ServiceBus | undefined;
  const live = await startTestLive(bus);
  const replicas: TestLive[] = [];

  const build = (deps: Omit<TicketsDeps, "db">) =>
    buildApp({
      logger,
      sessionPublicKey: sessions.publicKey,
      readiness: {
        database: () => db.pool.query("SELECT 1"),
        nats: () => serviceBus?.ping() ?? Promise.reject(new Error("listeners not started")),
      },
      deps: { db: db.pool, ticketFeed: deps.ticketFeed, eventStreams: deps.eventStreams },
    });
  const app = build(live);

  async function stopListeners() {
    const running = serviceBus;
    serviceBus = undefined;
    for (const stop of running?.stops ?? []) await stop();
  }

  /** A ticket listed through the API by a fresh seller (or the one given). */
  async function listTicket(body: object = { title: "concert", price: 20 }, cookie?: string) {
    const seller = cookie ? undefined : await sessions.signIn();
    const res = await request(app)
      .post("/api/tickets")
      .set("Cookie", cookie ?? seller?.cookie ?? "")
      .send(body)
      .expect(201);
    return res.body as TicketJson;
  }

  /** Waits until the API shows the ticket as `matches` wants (the listeners work in the background). */
  const ticketWhen = (id: string, matches: (ticket: TicketJson) => boolean) =>
    eventually(async () => {
      const res = await request(app).get(`/api/tickets/${id}`).expect(200);
      const ticket = res.body as TicketJson;
      return matches(ticket) ? ticket : undefined;
    });

  return {
    app,
    db,
    bus,
    /** The app's live feed and open event streams (GET /api/tickets/updates). */
    live,
    /**
     * Another replica of the service on the same database and stream, with a NATS connection and
     * a live feed of its own, as a second process would have. Closed with the test app.
     */
    async startReplica(options: TestLiveOptions = {}) {
      const replica = await startTestLive(bus, { ...options, ownConnection: true });
      replicas.push(replica);
      return { app: build(replica), ...replica };
    },
    /** Everything published on the file's stream: the outbox's output and the test's own. */
    events,
    /** The ticket.updated events published for one ticket so far, in order. */
    updatesOf: (ticketId: string) =>
      events
        .all()
        .filter((event) => event.subject === "ticket.updated")
        .map((event) => event.data as DataOf<typeof TicketUpdated>)
        .filter((data) => data.id === ticketId),
    sessions,
    listTicket,
    ticketWhen,
    async startListeners() {
      serviceBus = await startServiceBus({
        service: "tickets",
        natsUrl: testNatsUrl(),
        bus: bus.bus,
        logger,
        outbox: { pool: db.pool, databaseUrl: db.url },
        listeners: ticketsListeners(db.pool),
      });
    },
    stopListeners,
    /** Feeds the service an event as orders would publish it. */
    publish: (event: Parameters<typeof publishEvent>[2]) => publishEvent(bus.js, bus.bus, event),
    /**
     * The same event again under another Nats-Msg-Id, so the stream stores it a second time:
     * what a redelivery after a lost ack looks like to the consumer.
     */
    redeliver: (event: Event) =>
      bus.js.publish(wireSubject(bus.bus, event.subject), JSON.stringify(event), {
        msgID: randomUUID(),
      }),
    /** Resolves once tickets' consumer of `subject` has received the message at `streamSeq`. */
    delivered: (subject: Subject, streamSeq: number) =>
      eventually(async () => {
        const jsm = await bus.js.jetstreamManager();
        const info = await jsm.consumers.info(bus.bus.stream, durableName("tickets", subject));
        return info.delivered.stream_seq >= streamSeq;
      }),
    /** The reason a consumer gave up on the event, once it has. */
    deadLettered: (eventId: string) => eventDeadLettered(db.pool, eventId),
    /** Waits until a consumer has applied (committed) the event with this id. */
    applied: (eventId: string) => eventApplied(db.pool, eventId),
    async close() {
      for (const running of [live, ...replicas.splice(0)]) await running.stop();
      await stopListeners();
      await events.stop();
      await bus.destroy();
      await db.drop();
    },
  };
}

export type TicketsTestApp = Awaited<ReturnType<typeof createTicketsTestApp>>;

/** The events orders publishes about one order of `ticketId`. */
export function sampleOrder(ticketId: string, priceCents = 2_000) {
  const id = randomUUID();
  const userId = randomUUID();
  const about = { id, userId, ticket: { id: ticketId } };
  return {
    id,
    created: () =>
      OrderCreated.build({
        id,
        userId,
        status: "created",
        expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
        version: 0,
        ticket: { id: ticketId, priceCents },
      }),
    cancelled: () => OrderCancelled.build({ ...about, version: 1 }),
    completed: () => OrderCompleted.build({ ...about, version: 1 }),
  };
}
