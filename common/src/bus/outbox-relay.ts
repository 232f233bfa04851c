import { jetstream, type PubAck } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import pg from "pg";
import { OUTBOX_CHANNEL } from "../db/outbox.js";
import type { Pool } from "../db/pool.js";
import type { Logger } from "../logger.js";
import { type Backoff, backoffDelay, sleep, watchConnection } from "./connect.js";
import { publishEvent } from "./publisher.js";
import type { BusConfig } from "./stream.js";

export interface OutboxRelayOptions {
  pool: Pool;
  /** For the dedicated LISTEN connection (a pooled client cannot stay subscribed). */
  databaseUrl: string;
  nc: NatsConnection;
  bus: BusConfig;
  logger: Logger;
  /** Backstop for a lost NOTIFY; normally events leave as soon as they commit. */
  pollIntervalMs?: number;
  batchSize?: number;
}

export interface OutboxRelay {
  /** Resolves once every event committed before the call has been published (at once on a standby). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

// Advisory locks are scoped to the database, so one key means one publishing relay per
// service database, however many replicas run. ("outbox" in ASCII.) The relay that holds it
// holds it on its LISTEN connection, for as long as that lives: a replica that dies frees it.
const RELAY_LOCK_KEY = 0x6f7574626f78;
const PUBLISH_RETRY: Backoff = { initialMs: 100, maxMs: 5_000 };
const LISTEN_RETRY: Backoff = { initialMs: 250, maxMs: 5_000 };

interface OutboxRow {
  id: string;
  subject: string;
  occurred_at: Date;
  data: unknown;
}

/** "standby": another replica relays; this one takes over when woken after that one is gone. */
type BatchOutcome = "standby" | "disconnected" | "done" | "more";

/**
 * Publishes what the outbox holds, in commit order, and marks it published: an event leaves if
 * and only if its transaction committed, also when the process died between commit and publish.
 */
export async function startOutboxRelay(options: OutboxRelayOptions): Promise<OutboxRelay> {
  const { pool, databaseUrl, nc, bus, pollIntervalMs = 5_000, batchSize = 500 } = options;
  const logger = options.logger.child({ component: "outbox-relay" });
  const js = jetstream(nc);
  const stopping = new AbortController();
  let wanted = false;
  let running: Promise<void> | undefined;
  // Publishes sent while disconnected would only wait in the client's buffer and time out.
  let connected = true;
  const waitingForNats: (() => void)[] = [];
  const release = () => {
    for (const resume of waitingForNats.splice(0)) resume();
  };
  const unwatch = watchConnection(nc, {
    disconnected: () => {
      connected = false;
    },
    reconnected: () => {
      connected = true;
      release();
    },
  });
  const untilConnected = () =>
    connected || stopping.signal.aborted
      ? Promise.resolve()
      : new Promise<void>((resume) => waitingForNats.push(resume));

  // The LISTEN connection while it is up, and whether it holds the relay lock.
  let listener: pg.Client | undefined;
  let leading = false;

  async function holdsRelayLock(): Promise<boolean> {
    if (leading) return true;
    const client = listener;
    if (!client) return false;
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1) AS locked",
      [RELAY_LOCK_KEY],
    );
    leading = rows[0]?.locked === true && client === listener;
    return leading;
  }

  /**
   * One batch: read what is pending, publish it pipelined, then mark what JetStream acked. No
   * transaction is held open while NATS answers: the lock, not a transaction, keeps one relay.
   */
  async function publishBatch(): Promise<BatchOutcome> {
    if (!(await holdsRelayLock())) return "standby";
    const { rows } = await pool.query<OutboxRow>({
      name: "outbox-pending",
      text: `SELECT id, subject, occurred_at, data FROM outbox
        WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
      values: [batchSize],
    });
    if (rows.length === 0) return "done";
    if (!connected) return "disconnected";
    // Sent in seq order over one connection, so stored in seq order; the acks come back together.
    const results = await Promise.allSettled(
      rows.map((row) =>
        publishEvent(js, bus, {
          id: row.id,
          subject: row.subject,
          occurredAt: row.occurred_at.toISOString(),
          data: row.data,
        }),
      ),
    );
    const acked = rows.flatMap((row, i) => {
      const result = results[i];
      return result?.status === "fulfilled" ? [{ row, ack: result.value }] : [];
    });
    if (acked.length > 0) {
      await pool.query({
        name: "outbox-published",
        text: "UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])",
        values: [acked.map(({ row }) => row.id)],
      });
    }
    for (const { row, ack } of acked) logPublished(row, ack);
    // Thrown once what was acked is marked, so only the rest is retried.
    const failure = results.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
    return rows.length === batchSize ? "more" : "done";
  }

  function logPublished(row: OutboxRow, ack: PubAck) {
    const fields = { eventId: row.id, subject: row.subject, streamSeq: ack.seq };
    // A duplicate: published before, but the process died before marking it.
    logger.info(fields, ack.duplicate ? "event was already published" : "event published");
  }

  async function publishPending(): Promise<BatchOutcome> {
    let outcome: BatchOutcome;
    do outcome = await publishBatch();
    while (outcome === "more" && !stopping.signal.aborted);
    return outcome;
  }

  /** Wakeups that arrive while a drain runs fold into one more pass of that drain. */
  function wake(): Promise<void> {
    if (stopping.signal.aborted) return running ?? Promise.resolve();
    wanted = true;
    running ??= drainLoop();
    return running;
  }

  async function drainLoop(): Promise<void> {
    try {
      for (let failures = 0; wanted && !stopping.signal.aborted; ) {
        wanted = false;
        try {
          const outcome = await publishPending();
          failures = 0;
          if (outcome === "disconnected") {
            wanted = true;
            logger.warn("NATS disconnected, events wait for it");
            await untilConnected();
          }
        } catch (error) {
          wanted = true;
          failures++;
          const delayMs = backoffDelay(failures, PUBLISH_RETRY);
          logger.warn({ err: error, delayMs }, "publishing the outbox failed, events stay pending");
          await sleep(delayMs, stopping.signal);
        }
      }
    } finally {
      // Synchronously with the last check of `wanted`: a wakeup after it starts a new loop.
      running = undefined;
    }
  }

  /** Keeps a LISTEN connection open, reconnecting when it drops; `onFirstTry` once it tried. */
  async function keepListening(onFirstTry: () => void): Promise<void> {
    for (let failures = 0; !stopping.signal.aborted; ) {
      const client = new pg.Client({ connectionString: databaseUrl });
      const ended = new Promise<void>((resolve) => client.once("end", resolve));
      const endOnStop = () => void client.end().catch(() => {});
      stopping.signal.addEventListener("abort", endOnStop, { once: true });
      client.on("error", (error) => logger.warn({ err: error }, "outbox listener failed"));
      client.on("notification", () => void wake());
      try {
        await client.connect();
        await client.query(`LISTEN ${pg.escapeIdentifier(OUTBOX_CHANNEL)}`);
        listener = client;
        failures = 0;
        onFirstTry();
        // Notifications sent while nobody listened are gone; the rows are not.
        void wake();
        await ended;
        if (!stopping.signal.aborted) logger.warn("outbox listener disconnected, reconnecting");
        // The lock went with the connection: another replica may be relaying now.
        listener = undefined;
        leading = false;
      } catch (error) {
        onFirstTry();
        failures++;
        await client.end().catch(() => {});
        const delayMs = backoffDelay(failures, LISTEN_RETRY);
        logger.warn({ err: error, delayMs }, "cannot listen for outbox notifications, retrying");
        await sleep(delayMs, stopping.signal);
      } finally {
        stopping.signal.removeEventListener("abort", endOnStop);
      }
    }
  }

  let listening: Promise<void> = Promise.resolve();
  await new Promise<void>((resolve) => {
    listening = keepListening(resolve);
  });
  // Rows left by a crash are published now, not at the first notification or poll.
  void wake();
  const poll = setInterval(() => void wake(), pollIntervalMs);
  poll.unref();

  return {
    drain: wake,
    stop: async () => {
      stopping.abort();
      unwatch();
      release();
      clearInterval(poll);
      await Promise.all([listening, running]);
    },
  };
}
