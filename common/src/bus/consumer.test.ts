import { fileURLToPath } from "node:url";
import { createPrivateNatsServer } from "@microtickets/dev-servers";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPool } from "../db/pool.js";
import { type DataOf, TicketCreated } from "../events/index.js";
import { createLogger } from "../logger.js";
import {
  busBatchSizeOf,
  createTestBus,
  createTestDatabase,
  eventually,
  sampleTicketCreated,
  type TestBus,
  type TestDatabase,
  testNatsUrl,
} from "../testing/index.js";
import { connectBus, watchConnection } from "./connect.js";
import {
  arrived,
  BATCH_SIZE,
  type ConsumerOptions,
  type RunningConsumer,
  startConsumer,
  startIdempotentConsumer,
} from "./consumer.js";
import { PoisonMessageError, RetryLaterError } from "./errors.js";
import { publishEvent } from "./publisher.js";
import { type BusConfig, ensureStream, wireSubject } from "./stream.js";

const noMigrations = fileURLToPath(new URL("../db/__fixtures__/none", import.meta.url));
const logger = createLogger("consumer-test");

type Options = ConsumerOptions<typeof TicketCreated.subject, DataOf<typeof TicketCreated>>;

describe("a durable consumer", () => {
  let db: TestDatabase;
  let bus: TestBus;
  const running: RunningConsumer[] = [];

  beforeAll(async () => {
    db = await createTestDatabase("consumer", noMigrations);
    await db.pool.query(`
      CREATE TABLE applied (event_id uuid NOT NULL, replica text NOT NULL, tx bigint);
      -- Checked at COMMIT, after the handler returned: a commit that fails.
      CREATE TABLE seats (id int, UNIQUE (id) DEFERRABLE INITIALLY DEFERRED);
    `);
  });
  beforeEach(async () => {
    bus = await createTestBus("consumer");
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
    await bus.destroy();
    await db.pool.query("TRUNCATE applied, seats, inbox, dead_letters");
  });
  afterAll(() => db?.drop());

  async function start(options: Partial<Options> = {}) {
    const consumer = await startConsumer({
      nc: bus.nc,
      pool: db.pool,
      bus: bus.bus,
      service: "tests",
      event: TicketCreated,
      logger,
      handle: async (_data, { event, tx }) => {
        await tx.query("INSERT INTO applied VALUES ($1, 'only')", [event.id]);
      },
      ...options,
    });
    running.push(consumer);
    return consumer;
  }

  const publishRaw = (payload: string, msgID: string) =>
    bus.js.publish(wireSubject(bus.bus, TicketCreated.subject), payload, { msgID });

  /** Every message up to `lastSeq` has its final ack or term: nothing more will be delivered. */
  async function settled(consumer: RunningConsumer, lastSeq: number) {
    const jsm = await jetstreamManager(bus.nc);
    await eventually(async () => {
      const info = await jsm.consumers.info(bus.bus.stream, consumer.name);
      expect(info.ack_floor.stream_seq).toBe(lastSeq);
      expect(info.num_ack_pending).toBe(0);
      return true;
    });
  }

  const count = async (sql: string) => (await db.pool.query(sql)).rowCount;

  it("applies an event delivered twice only once", async () => {
    let calls = 0;
    const consumer = await start({
      handle: async (_data, { event, tx }) => {
        calls++;
        await tx.query("INSERT INTO applied VALUES ($1, 'only')", [event.id]);
      },
    });
    const event = sampleTicketCreated();

    await publishRaw(JSON.stringify(event), event.id);
    // Another msgID gets past JetStream's dedupe, like a redelivery after the window.
    const second = await publishRaw(JSON.stringify(event), `${event.id}-again`);

    await settled(consumer, second.seq);
    expect(calls).toBe(1);
    expect(await count("SELECT 1 FROM applied")).toBe(1);
    expect(await count("SELECT 1 FROM inbox")).toBe(1);
  });

  it("dead-letters poison messages with the reason and keeps consuming", async () => {
    const consumer = await start();
    const badPayload = sampleTicketCreated();
    const good = sampleTicketCreated();

    await publishRaw("{not json", crypto.randomUUID());
    await publishRaw(
      JSON.stringify({ ...badPayload, data: { ...badPayload.data, priceCents: -5 } }),
      badPayload.id,
    );
    const last = await publishEvent(bus.js, bus.bus, good);

    await settled(consumer, last.seq);
    const applied = await db.pool.query("SELECT event_id FROM applied");
    expect(applied.rows).toEqual([{ event_id: good.id }]);
    const { rows } = await db.pool.query(
      "SELECT consumer, subject, event_id, deliveries, reason, payload FROM dead_letters ORDER BY id",
    );
    expect(rows).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^not JSON/), payload: "{not json" }),
      expect.objectContaining({
        consumer: "tests-ticket-created",
        subject: "ticket.created",
        event_id: badPayload.id,
        deliveries: 1,
        reason: expect.stringMatching(/invalid payload.*priceCents/s),
      }),
    ]);
  });

  it("dead-letters a message holding a NUL, which PostgreSQL text cannot store, with U+FFFD for it", async () => {
    const consumer = await start();
    const wrongSubject = sampleTicketCreated();

    await publishRaw("\u0000{", crypto.randomUUID());
    await publishRaw(JSON.stringify({ ...wrongSubject, subject: "x\u0000" }), wrongSubject.id);
    const last = await publishEvent(bus.js, bus.bus, sampleTicketCreated());

    // Before: the dead letter's INSERT failed, so both were redelivered forever.
    await settled(consumer, last.seq);
    const { rows } = await db.pool.query("SELECT reason, payload FROM dead_letters ORDER BY id");
    expect(rows).toEqual([
      { reason: expect.stringMatching(/^not JSON/), payload: "\ufffd{" },
      {
        reason: 'subject "x\ufffd" is not "ticket.created"',
        payload: JSON.stringify({ ...wrongSubject, subject: "x\u0000" }),
      },
    ]);
  });

  it("dead-letters at once an event whose values the database refuses as data (SQLSTATE class 22)", async () => {
    let calls = 0;
    const consumer = await start({
      handle: async (data, { event, tx }) => {
        calls++;
        // The schema takes any string; PostgreSQL text holds no NUL.
        await tx.query("INSERT INTO applied VALUES ($1, $2)", [event.id, data.title]);
      },
    });
    const event = sampleTicketCreated({ title: "a\u0000b" });

    const ack = await publishEvent(bus.js, bus.bus, event);

    // Before: retried as if the database might take it later, ten deliveries over a minute.
    await settled(consumer, ack.seq);
    expect(calls).toBe(1);
    const { rows } = await db.pool.query("SELECT event_id, deliveries, reason FROM dead_letters");
    expect(rows).toEqual([
      { event_id: event.id, deliveries: 1, reason: expect.stringMatching(/invalid byte sequence/) },
    ]);
  });

  it("dead-letters at once an event the handler declares poison", async () => {
    let calls = 0;
    const consumer = await start({
      handle: async () => {
        calls++;
        throw new PoisonMessageError("the ticket belongs to nobody we know");
      },
    });
    const event = sampleTicketCreated();

    const ack = await publishEvent(bus.js, bus.bus, event);

    await settled(consumer, ack.seq);
    expect(calls).toBe(1);
    const { rows } = await db.pool.query("SELECT event_id, deliveries, reason FROM dead_letters");
    expect(rows).toEqual([
      { event_id: event.id, deliveries: 1, reason: "the ticket belongs to nobody we know" },
    ]);
  });

  it("retries a failing handler with growing delays until it succeeds", async () => {
    const attempts: { delivery: number; at: number }[] = [];
    const consumer = await start({
      backoff: { initialMs: 100, maxMs: 1_000 },
      handle: async (_data, { event, tx }) => {
        attempts.push({ delivery: attempts.length + 1, at: Date.now() });
        // Written before failing: must roll back with the failure.
        await tx.query("INSERT INTO applied VALUES ($1, 'only')", [event.id]);
        if (attempts.length < 3) throw new Error("database of a partner is down");
      },
    });
    const event = sampleTicketCreated();

    const ack = await publishEvent(bus.js, bus.bus, event);

    await settled(consumer, ack.seq);
    expect(attempts).toHaveLength(3);
    const [first, second, third] = attempts.map((attempt) => attempt.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(90);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(190);
    expect(await count("SELECT 1 FROM applied")).toBe(1);
    expect(await count("SELECT 1 FROM dead_letters")).toBe(0);
  });

  it("dead-letters an event that still fails after maxDeliveries", async () => {
    let calls = 0;
    const consumer = await start({
      maxDeliveries: 3,
      backoff: { initialMs: 10, maxMs: 50 },
      handle: async () => {
        calls++;
        throw new Error("payment provider down");
      },
    });
    const event = sampleTicketCreated();

    const ack = await publishEvent(bus.js, bus.bus, event);

    await settled(consumer, ack.seq);
    expect(calls).toBe(3);
    const { rows } = await db.pool.query("SELECT event_id, deliveries, reason FROM dead_letters");
    expect(rows).toEqual([{ event_id: event.id, deliveries: 3, reason: "payment provider down" }]);
    expect(await count("SELECT 1 FROM inbox")).toBe(0);
  });

  it("redelivers an event that waits for an earlier one soon and past maxDeliveries", async () => {
    let calls = 0;
    const consumer = await start({
      maxDeliveries: 2,
      handle: async (_data, { event, tx }) => {
        if (++calls < 5) throw new RetryLaterError("version 1 has not arrived yet");
        await tx.query("INSERT INTO applied VALUES ($1, 'only')", [event.id]);
      },
    });

    const ack = await publishEvent(bus.js, bus.bus, sampleTicketCreated());

    await settled(consumer, ack.seq);
    expect(calls).toBe(5);
    expect(await count("SELECT 1 FROM applied")).toBe(1);
    expect(await count("SELECT 1 FROM dead_letters")).toBe(0);
  });

  it("dead-letters an event that waited maxWaits times", async () => {
    const consumer = await start({
      maxWaits: 3,
      handle: async () => {
        throw new RetryLaterError("the ticket never arrived");
      },
    });
    const event = sampleTicketCreated();

    const ack = await publishEvent(bus.js, bus.bus, event);

    await settled(consumer, ack.seq);
    const { rows } = await db.pool.query("SELECT event_id, deliveries, reason FROM dead_letters");
    expect(rows).toEqual([
      { event_id: event.id, deliveries: 3, reason: "the ticket never arrived" },
    ]);
  });

  it("acks only after the commit: an event whose commit failed is delivered again", async () => {
    let calls = 0;
    const consumer = await start({
      backoff: { initialMs: 10, maxMs: 50 },
      handle: async (_data, { tx }) => {
        calls++;
        await tx.query("INSERT INTO seats VALUES (1)");
        // The handler returns fine; the deferred constraint fails the first COMMIT.
        if (calls === 1) await tx.query("INSERT INTO seats VALUES (1)");
      },
    });
    const event = sampleTicketCreated();

    const ack = await publishEvent(bus.js, bus.bus, event);

    await settled(consumer, ack.seq);
    expect(calls).toBe(2);
    expect(await count("SELECT 1 FROM seats")).toBe(1);
    expect(await count("SELECT 1 FROM inbox")).toBe(1);
  });

  /** Publishes `count` events while no consumer runs: the backlog a restarted service finds. */
  async function backlog(count: number) {
    const events = Array.from({ length: count }, () => sampleTicketCreated());
    const acks = await Promise.all(events.map((event) => publishEvent(bus.js, bus.bus, event)));
    return { events, lastSeq: Math.max(...acks.map((ack) => ack.seq)) };
  }

  const appliedRows = async () =>
    (
      await db.pool.query<{ event_id: string; replica: string; tx: string }>(
        "SELECT event_id, replica, tx FROM applied",
      )
    ).rows;

  const batchMetric = () => busBatchSizeOf("tests-ticket-created");

  it("applies a backlog in batches, several events to a transaction", async () => {
    const { events, lastSeq } = await backlog(200);
    const before = await batchMetric();

    const consumer = await start({
      handle: async (_data, { event, tx }) => {
        await tx.query("INSERT INTO applied VALUES ($1, 'only', txid_current())", [event.id]);
      },
    });

    await settled(consumer, lastSeq);
    const rows = await appliedRows();
    expect(new Set(rows.map((row) => row.event_id))).toEqual(new Set(events.map((e) => e.id)));
    expect(rows).toHaveLength(events.length);
    const transactions = new Set(rows.map((row) => row.tx)).size;
    expect(transactions).toBeLessThanOrEqual(events.length / 4);
    expect(transactions).toBeGreaterThanOrEqual(events.length / BATCH_SIZE);
    const after = await batchMetric();
    expect(after.events - before.events).toBe(events.length);
    expect(after.transactions - before.transactions).toBe(transactions);
  });

  it("dead-letters a poison message in a batch and applies the rest of the batch", async () => {
    const { events, lastSeq } = await backlog(40);
    const poison = events[17];

    const consumer = await start({
      handle: async (_data, { event, tx }) => {
        if (event.id === poison?.id) throw new PoisonMessageError("this one can never apply");
        await tx.query("INSERT INTO applied VALUES ($1, 'only')", [event.id]);
      },
    });

    await settled(consumer, lastSeq);
    const applied = new Set((await appliedRows()).map((row) => row.event_id));
    expect(applied).toEqual(new Set(events.filter((e) => e !== poison).map((e) => e.id)));
    const { rows } = await db.pool.query("SELECT event_id, reason FROM dead_letters");
    expect(rows).toEqual([{ event_id: poison?.id, reason: "this one can never apply" }]);
    expect(await count("SELECT 1 FROM inbox")).toBe(events.length - 1);
  });

  it("loses nothing and applies nothing twice when a replica dies in the middle of a batch", async () => {
    const { events, lastSeq } = await backlog(100);
    // The replica that dies: its own connections, so killing them touches nothing else.
    const doomedBus = await connectBus({ url: testNatsUrl(), name: "doomed", logger });
    const doomedPool = createPool(db.url, 1);
    let doomedBackend = 0;
    let inBatch: () => void = () => {};
    const midBatch = new Promise<void>((resolve) => {
      inBatch = resolve;
    });
    let seen = 0;
    const doomed = await start({
      nc: doomedBus,
      pool: doomedPool,
      ackWaitMs: 1_000,
      handle: async (_data, { event, tx }) => {
        await tx.query("INSERT INTO applied VALUES ($1, 'doomed')", [event.id]);
        if (++seen === 5) {
          doomedBackend = (await tx.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
          tx.on("error", () => {}); // The dead process hears nothing of its connection's end.
          inBatch();
          await new Promise(() => {}); // Dies here, four events into its batch.
        }
      },
    });
    await midBatch;
    // A kill -9: its transaction is rolled back by PostgreSQL, its messages are never acked.
    await db.pool.query("SELECT pg_terminate_backend($1)", [doomedBackend]);
    await doomedBus.close();
    running.splice(running.indexOf(doomed), 1);

    const survivor = await start({ ackWaitMs: 1_000 });

    await settled(survivor, lastSeq);
    const rows = await appliedRows();
    expect(rows.map((row) => row.event_id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(rows.every((row) => row.replica === "only")).toBe(true);
  });

  it("splits a backlog between replicas, applying each event once", async () => {
    const { events, lastSeq } = await backlog(600);
    const replica = (name: string) =>
      start({
        handle: async (_data, { event, tx }) => {
          await tx.query("INSERT INTO applied VALUES ($1, $2)", [event.id, name]);
        },
      });

    const [a, b] = await Promise.all([replica("a"), replica("b")]);

    expect(b.name).toBe(a.name);
    await settled(a, lastSeq);
    const rows = await appliedRows();
    expect(rows).toHaveLength(events.length);
    expect(new Set(rows.map((row) => row.event_id)).size).toBe(events.length);
    const byA = rows.filter((row) => row.replica === "a").length;
    // Neither hoards: each replica holds at most about two batches it has not applied yet.
    expect(byA).toBeGreaterThan(events.length * 0.25);
    expect(byA).toBeLessThan(events.length * 0.75);
  });

  it("shares the work with a replica while another is stuck on an event", async () => {
    let replicaBApplied: () => void = () => {};
    const bHasWorked = new Promise<void>((resolve) => {
      replicaBApplied = resolve;
    });
    const replica = (name: string, before: () => Promise<void>) =>
      start({
        handle: async (_data, { event, tx }) => {
          await before();
          await tx.query("INSERT INTO applied VALUES ($1, $2)", [event.id, name]);
        },
      });
    // A holds its first event until B has worked: B must be getting events of its own.
    const a = await replica("a", () => bHasWorked);
    const b = await replica("b", async () => replicaBApplied());
    const events = Array.from({ length: 20 }, () => sampleTicketCreated());

    const acks = await Promise.all(events.map((event) => publishEvent(bus.js, bus.bus, event)));

    await settled(a, Math.max(...acks.map((ack) => ack.seq)));
    const rows = await appliedRows();
    expect(rows).toHaveLength(events.length);
    expect(new Set(rows.map((row) => row.event_id)).size).toBe(events.length);
    expect(new Set(rows.map((row) => row.replica))).toEqual(new Set(["a", "b"]));
    expect(b.name).toBe(a.name);
  });
});

describe("grouping what has arrived", () => {
  async function* source(items: number[], pauseAfter: number) {
    for (const [i, item] of items.entries()) {
      yield item;
      if (i === pauseAfter) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it("takes what is already there, up to the limit, and waits only for the first", async () => {
    const groups: number[][] = [];
    for await (const group of arrived(source([1, 2, 3, 4, 5, 6, 7], 4), 3)) groups.push(group);

    expect(groups).toEqual([
      [1, 2, 3],
      [4, 5],
      [6, 7],
    ]);
  });

  it.each([
    ["at once, while a batch is being gathered", [1], 0],
    ["while a full batch is being applied", [1, 2, 3], 5],
  ])(
    "hands on what came before a failure of the source, then throws it (%s)",
    async (_, items, ms) => {
      async function* failing() {
        yield* items;
        await new Promise((resolve) => setTimeout(resolve, ms));
        throw new Error("consumer deleted");
      }
      const groups: number[][] = [];

      const consuming = (async () => {
        for await (const group of arrived(failing(), 3)) {
          groups.push(group);
          // Busy with the batch while the source fails: an unhandled rejection would fail the run.
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();

      await expect(consuming).rejects.toThrow("consumer deleted");
      expect(groups).toEqual([items]);
    },
  );
});

describe("a durable consumer and a NATS server that is not always there", () => {
  it("waits for the server at start and keeps consuming after it restarts", async () => {
    const db = await createTestDatabase("consumer_restart", noMigrations);
    await db.pool.query("CREATE TABLE applied (event_id uuid NOT NULL)");
    const server = await createPrivateNatsServer();
    const warnings: string[] = [];
    const captured = pino({ level: "warn" }, { write: (line: string) => warnings.push(line) });
    const connecting = connectBus({
      url: server.url,
      name: "consumer-test",
      logger: captured,
      retry: { initialMs: 20, maxMs: 100 },
    });
    await eventually(() => warnings.some((line) => line.includes("NATS not reachable")));
    await server.start();
    const nc = await connecting;
    const bus: BusConfig = { stream: "EVENTS", subjectPrefix: "" };
    await ensureStream(nc, bus);
    const consumer = await startConsumer({
      nc,
      pool: db.pool,
      bus,
      service: "tests",
      event: TicketCreated,
      logger,
      handle: async (_data, { event, tx }) => {
        await tx.query("INSERT INTO applied VALUES ($1)", [event.id]);
      },
    });
    const appliedIds = async () =>
      (await db.pool.query<{ event_id: string }>("SELECT event_id FROM applied")).rows.map(
        (row) => row.event_id,
      );
    try {
      const before = sampleTicketCreated();
      await publishEvent(jetstream(nc), bus, before);
      await eventually(async () => expect(await appliedIds()).toEqual([before.id]));

      let reconnected: () => void = () => {};
      const back = new Promise<void>((resolve) => {
        reconnected = resolve;
      });
      const unwatch = watchConnection(nc, { disconnected: () => {}, reconnected });
      await server.stop();
      await server.start();
      await back;
      unwatch();
      const after = sampleTicketCreated();
      await publishEvent(jetstream(nc), bus, after);

      await eventually(async () => expect(await appliedIds()).toEqual([before.id, after.id]), {
        timeoutMs: 15_000,
      });
    } finally {
      await consumer.stop();
      await nc.close();
      await server.destroy();
      await db.drop();
    }
  }, 40_000);
});

describe("a consumer without a database", () => {
  let bus: TestBus;
  beforeAll(async () => {
    bus = await createTestBus("idempotent-consumer");
  });
  afterAll(() => bus?.destroy());

  it("hands each event to the handler and acks it once the handler resolved", async () => {
    const seen: string[] = [];
    let failOnce = true;
    const consumer = await startIdempotentConsumer({
      nc: bus.nc,
      bus: bus.bus,
      service: "tests",
      event: TicketCreated,
      logger,
      backoff: { initialMs: 10, maxMs: 10 },
      handle: async (data) => {
        if (failOnce) {
          failOnce = false;
          throw new Error("redis is restarting");
        }
        seen.push(data.title);
      },
    });
    try {
      await publishEvent(bus.js, bus.bus, sampleTicketCreated({ title: "first" }));

      await eventually(() => seen.length === 1);
      expect(seen).toEqual(["first"]);
      const jsm = await jetstreamManager(bus.nc);
      await eventually(async () => {
        const info = await jsm.consumers.info(bus.bus.stream, consumer.name);
        return info.num_ack_pending === 0 && info.num_pending === 0;
      });
    } finally {
      await consumer.stop();
    }
  });

  it("hands a batch handler what has arrived at once, and a lone event to the handler", async () => {
    const batches: string[][] = [];
    const alone: string[] = [];
    const events = Array.from({ length: 50 }, () => sampleTicketCreated());
    await Promise.all(events.map((event) => publishEvent(bus.js, bus.bus, event)));

    const consumer = await startIdempotentConsumer({
      nc: bus.nc,
      bus: bus.bus,
      service: "tests-batch",
      event: TicketCreated,
      logger,
      handle: async (data) => {
        alone.push(data.id);
      },
      handleBatch: async (batch) => {
        batches.push(batch.map(({ data }) => data.id));
      },
    });
    try {
      // The stream also holds the event of the test before: this consumer starts from the first.
      const ours = new Set(events.map((e) => e.data.id));
      const seen = () => [...batches.flat(), ...alone].filter((id) => ours.has(id));
      await eventually(() => seen().length >= events.length);
      expect(seen().sort()).toEqual([...ours].sort());
      expect(batches.length).toBeLessThan(events.length / 2);

      const late = sampleTicketCreated();
      await publishEvent(bus.js, bus.bus, late);
      await eventually(() => alone.includes(late.data.id));
    } finally {
      await consumer.stop();
    }
  });
});
