import { fileURLToPath } from "node:url";
import { createPrivateNatsServer } from "@microtickets/dev-servers";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addToOutbox } from "../db/outbox.js";
import { createPool } from "../db/pool.js";
import { withTransaction } from "../db/transaction.js";
import { createLogger } from "../logger.js";
import {
  createTestBus,
  createTestDatabase,
  eventually,
  sampleTicketCreated,
  type TestBus,
  type TestDatabase,
} from "../testing/index.js";
import { connectBus, watchConnection } from "./connect.js";
import { type OutboxRelay, type OutboxRelayOptions, startOutboxRelay } from "./outbox-relay.js";
import { type BusConfig, ensureStream } from "./stream.js";

const noMigrations = fileURLToPath(new URL("../db/__fixtures__/none", import.meta.url));
const logger = createLogger("outbox-relay-test");

/**
 * Every message published on the bus's subjects, duplicates included: a core subscription sees
 * what JetStream's dedupe would hide, so "published once" really means once.
 */
async function watchWire(nc: NatsConnection, bus: BusConfig) {
  const arrivals: { id: string; at: number }[] = [];
  const sub = nc.subscribe(`${bus.subjectPrefix}>`, {
    callback: (_error, msg) => {
      arrivals.push({ id: msg.json<{ id: string }>().id, at: Date.now() });
    },
  });
  await nc.flush();
  return {
    ids: () => arrivals.map((arrival) => arrival.id),
    has: (id: string) => arrivals.some((arrival) => arrival.id === id),
    arrived: (id: string) => {
      const arrival = arrivals.find((candidate) => candidate.id === id);
      if (!arrival) throw new Error(`${id} has not arrived`);
      return arrival;
    },
    stop: () => sub.unsubscribe(),
  };
}

describe("the outbox relay", () => {
  let db: TestDatabase;
  let bus: TestBus;
  const running: OutboxRelay[] = [];
  beforeAll(async () => {
    [db, bus] = await Promise.all([
      createTestDatabase("outbox_relay", noMigrations),
      createTestBus("outbox_relay"),
    ]);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((relay) => relay.stop()));
  });
  afterAll(async () => {
    await Promise.all([db?.drop(), bus?.destroy()]);
  });

  async function startRelay(options: Partial<OutboxRelayOptions> = {}) {
    const relay = await startOutboxRelay({
      pool: db.pool,
      databaseUrl: db.url,
      nc: bus.nc,
      bus: bus.bus,
      logger,
      pollIntervalMs: 60_000,
      ...options,
    });
    running.push(relay);
    return relay;
  }

  const commit = (...events: ReturnType<typeof sampleTicketCreated>[]) =>
    withTransaction(db.pool, (tx) => addToOutbox(tx, ...events));

  it("publishes events that committed while no relay ran (a crash before publishing)", async () => {
    const wire = await watchWire(bus.nc, bus.bus);
    const events = [sampleTicketCreated(), sampleTicketCreated(), sampleTicketCreated()];
    await commit(...events);

    const relay = await startRelay();

    await relay.drain();
    expect(wire.ids()).toEqual(events.map((event) => event.id));
    const { rows } = await db.pool.query(
      "SELECT 1 FROM outbox WHERE id = ANY($1::uuid[]) AND published_at IS NOT NULL",
      [events.map((event) => event.id)],
    );
    expect(rows).toHaveLength(3);
    wire.stop();
  });

  it("publishes an event within milliseconds of its commit, long before the next poll", async () => {
    const wire = await watchWire(bus.nc, bus.bus);
    const relay = await startRelay({ pollIntervalMs: 60_000 });
    await relay.drain();
    const event = sampleTicketCreated();

    await commit(event);
    const committedAt = Date.now();

    const arrival = await eventually(() => wire.arrived(event.id), { timeoutMs: 10_000 });
    expect(arrival.at - committedAt).toBeLessThan(1_000);
    wire.stop();
  });

  it("publishes nothing for a transaction that rolled back", async () => {
    const wire = await watchWire(bus.nc, bus.bus);
    await startRelay();
    const rolledBack = sampleTicketCreated();
    const marker = sampleTicketCreated();

    await expect(
      withTransaction(db.pool, async (tx) => {
        await addToOutbox(tx, rolledBack);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await commit(marker);

    await eventually(() => wire.arrived(marker.id));
    expect(wire.has(rolledBack.id)).toBe(false);
    wire.stop();
  });

  it("publishes in commit order across batches", async () => {
    const wire = await watchWire(bus.nc, bus.bus);
    const events = Array.from({ length: 50 }, sampleTicketCreated);
    for (let i = 0; i < events.length; i += 10) await commit(...events.slice(i, i + 10));

    await startRelay({ batchSize: 20 });

    const expected = events.map((event) => event.id);
    await eventually(() => expect(wire.ids()).toEqual(expected));
    wire.stop();
  });

  it("publishes each event once when two replicas relay one database", async () => {
    const wire = await watchWire(bus.nc, bus.bus);
    const replicaPool = createPool(db.url);
    const relays = [await startRelay(), await startRelay({ pool: replicaPool })];
    const events = Array.from({ length: 40 }, sampleTicketCreated);

    await Promise.all(events.map((event) => commit(event)));
    await eventually(() => expect(new Set(wire.ids()).size).toBe(events.length));
    await Promise.all(relays.map((relay) => relay.drain()));

    expect(wire.ids()).toHaveLength(events.length);
    expect(new Set(wire.ids())).toEqual(new Set(events.map((event) => event.id)));
    await Promise.all(running.splice(0).map((relay) => relay.stop()));
    await replicaPool.end();
    wire.stop();
  });

  it("hands the relaying to another replica at once when the one relaying stops", async () => {
    const wire = await watchWire(bus.nc, bus.bus);
    const leader = await startRelay();
    const early = sampleTicketCreated();
    await commit(early);
    await eventually(() => expect(wire.ids()).toContain(early.id));
    const standby = await startRelay();

    await leader.stop();
    const late = sampleTicketCreated();
    await commit(late);

    // Woken by the commit, long before its minute-long poll.
    await eventually(() => expect(wire.ids()).toContain(late.id), { timeoutMs: 5_000 });
    expect(wire.ids()).toEqual([early.id, late.id]);
    await standby.stop();
    wire.stop();
  });
});

describe("the outbox relay when NATS is down", () => {
  it("keeps events pending while it cannot publish and publishes them once NATS is back", async () => {
    const db = await createTestDatabase("outbox_relay_down", noMigrations);
    const server = await createPrivateNatsServer();
    await server.start();
    const nc = await connectBus({ url: server.url, name: "relay-test", logger });
    const bus: BusConfig = { stream: "EVENTS", subjectPrefix: "" };
    await ensureStream(nc, bus);
    const warnings: string[] = [];
    const relay = await startOutboxRelay({
      pool: db.pool,
      databaseUrl: db.url,
      nc,
      bus,
      logger: pino({ level: "warn" }, { write: (line: string) => warnings.push(line) }),
      pollIntervalMs: 60_000,
    });
    let unwatch = () => {};
    try {
      const disconnected = new Promise<void>((resolve) => {
        unwatch = watchConnection(nc, { disconnected: resolve, reconnected: () => {} });
      });
      await server.stop();
      await disconnected;
      const event = sampleTicketCreated();
      await withTransaction(db.pool, (tx) => addToOutbox(tx, event));

      await eventually(() => warnings.some((line) => line.includes("events wait for it")));
      const pending = await db.pool.query("SELECT 1 FROM outbox WHERE published_at IS NULL");
      expect(pending.rowCount).toBe(1);

      await server.start();
      await eventually(
        async () => {
          const { rowCount } = await db.pool.query(
            "SELECT 1 FROM outbox WHERE published_at IS NOT NULL",
          );
          return rowCount === 1;
        },
        { timeoutMs: 15_000 },
      );
      const jsm = await jetstreamManager(nc);
      const stored = await jsm.streams.getMessage(bus.stream, { seq: 1 });
      expect(stored?.json<{ id: string }>().id).toBe(event.id);
    } finally {
      unwatch();
      await relay.stop();
      await nc.close();
      await server.destroy();
      await db.drop();
    }
  }, 40_000);
});
