import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerMessages,
  DeliverPolicy,
  JetStreamApiError,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { type NatsConnection, nanos } from "@nats-io/transport-node";
import { z } from "zod";
import { type DeadLetter, recordDeadLetter } from "../db/dead-letters.js";
import { claimEvents } from "../db/inbox.js";
import type { Pool, PoolClient } from "../db/pool.js";
import { withTransaction } from "../db/transaction.js";
import { type Event, type EventDefinition, envelopeSchema, type Subject } from "../events/index.js";
import type { Logger } from "../logger.js";
import { busBatchSize, busEvents } from "../ops/metrics.js";
import { type Backoff, backoffDelay, sleep } from "./connect.js";
import { PoisonMessageError, RetryLaterError } from "./errors.js";
import { type BusConfig, wireSubject } from "./stream.js";

export interface EventContext<S extends Subject, D> {
  event: Event<S, D>;
  logger: Logger;
}

export interface HandlerContext<S extends Subject, D> extends EventContext<S, D> {
  /** The transaction that also records the event in the inbox: write through it. */
  tx: PoolClient;
}

/** What applies one kind of event, e.g. `const reserveTicket: Handler<typeof OrderCreated>`. */
export type Handler<E> =
  E extends EventDefinition<infer S, infer D>
    ? (data: D, ctx: HandlerContext<S, D>) => Promise<void>
    : never;

/**
 * What applies several events of one kind at once, in the consumer's transaction (`tx`), with
 * set-based statements: it must leave what `Handler` applied to each in turn would leave, and
 * throw if any of them cannot be applied now (the batch is then applied one event at a time).
 */
export type BatchHandler<E> =
  E extends EventDefinition<infer S, infer D>
    ? (events: { data: D; ctx: EventContext<S, D> }[], tx: PoolClient) => Promise<void>
    : never;

/** The same, for a service without a database whose handler is idempotent by itself. */
export type IdempotentHandler<E> =
  E extends EventDefinition<infer S, infer D>
    ? (data: D, ctx: EventContext<S, D>) => Promise<void>
    : never;

/**
 * An idempotent handler that takes what has arrived at once (e.g. one Redis round trip for
 * all): it keeps whatever order its events need among themselves, and a failure redelivers
 * each event alone.
 */
export type IdempotentBatchHandler<E> =
  E extends EventDefinition<infer S, infer D>
    ? (events: { data: D; ctx: EventContext<S, D> }[]) => Promise<void>
    : never;

interface BaseConsumerOptions<S extends Subject, D> {
  nc: NatsConnection;
  bus: BusConfig;
  service: string;
  event: EventDefinition<S, D>;
  logger: Logger;
  /** Deliveries of a failing event before it is dead-lettered. */
  maxDeliveries?: number;
  /** Deliveries of an event that waits for another (RetryLaterError) before it is dead-lettered. */
  maxWaits?: number;
  ackWaitMs?: number;
  /** Delay before redelivering a message whose handler failed, growing per delivery. */
  backoff?: Backoff;
}

export interface ConsumerOptions<S extends Subject, D> extends BaseConsumerOptions<S, D> {
  pool: Pool;
  handle: (data: D, ctx: HandlerContext<S, D>) => Promise<void>;
  /** Applies several new events at once instead of `handle` for each (see `BatchHandler`). */
  handleBatch?: (events: { data: D; ctx: EventContext<S, D> }[], tx: PoolClient) => Promise<void>;
}

export interface IdempotentConsumerOptions<S extends Subject, D> extends BaseConsumerOptions<S, D> {
  /** Dead letters are logged only: this service has no database. */
  handle: (data: D, ctx: EventContext<S, D>) => Promise<void>;
  /** Takes a batch at once instead of `handle` event by event (which still takes a lone one). */
  handleBatch?: (events: { data: D; ctx: EventContext<S, D> }[]) => Promise<void>;
}

export interface RunningConsumer {
  name: string;
  /** Stops pulling, lets the batch in hand finish, hands back what is buffered, then resolves. */
  stop(): Promise<void>;
}

export function durableName(service: string, subject: Subject): string {
  return `${service}-${subject.replace(/\./g, "-")}`;
}

// Up to this many messages are applied in one transaction (one commit, one inbox insert), and
// about as many more wait in a replica's buffer: enough to amortise the commit, few enough that
// replicas sharing the consumer split a backlog evenly and a stalled replica holds little.
export const BATCH_SIZE = 32;
const RESTART_BACKOFF: Backoff = { initialMs: 100, maxMs: 5_000 };
// How long a delivered message may go unacked before JetStream hands it to another replica. It
// bounds the recovery from a crash: a message held by (or on its way to) a killed process waits
// this long. Short, because a handler is one short transaction, and safe, because the inbox
// makes a second delivery of a message still being handled a no-op.
const ACK_WAIT_MS = 10_000;

/**
 * Applies one kind of event, at least once delivered and exactly once applied: the handler's
 * writes and the inbox record commit together, and the message is acked only after that commit.
 * Replicas of a service share one durable consumer, so each event goes to one of them.
 */
export function startConsumer<S extends Subject, D>(
  options: ConsumerOptions<S, D>,
): Promise<RunningConsumer> {
  const { pool, handle, handleBatch } = options;
  return consume(options, {
    apply: (deliveries, consumer) =>
      withTransaction(pool, async (tx) => {
        const fresh = await claimEvents(
          tx,
          consumer,
          deliveries.map(({ event }) => event.id),
        );
        // delete: the same event delivered twice in one batch is applied once.
        const applied = deliveries.map(({ event }) => fresh.delete(event.id));
        const toApply = deliveries.filter((_, i) => applied[i]);
        if (handleBatch && toApply.length > 1) {
          await handleBatch(
            toApply.map(({ event, logger }) => ({ data: event.data, ctx: { event, logger } })),
            tx,
          );
        } else {
          for (const { event, logger } of toApply) await handle(event.data, { event, tx, logger });
        }
        return applied;
      }),
    recordDeadLetter: (row) => recordDeadLetter(pool, row),
  });
}

/**
 * For a service without a database (expiration): no inbox, so the handler must be idempotent
 * by itself (a BullMQ job id that comes from the order id), and dead letters are only logged.
 */
export function startIdempotentConsumer<S extends Subject, D>(
  options: IdempotentConsumerOptions<S, D>,
): Promise<RunningConsumer> {
  return consume(options, {
    apply: async (deliveries) => {
      const { handle, handleBatch } = options;
      if (handleBatch && deliveries.length > 1) {
        await handleBatch(
          deliveries.map(({ event, logger }) => ({ data: event.data, ctx: { event, logger } })),
        );
      } else {
        for (const { event, logger } of deliveries) await handle(event.data, { event, logger });
      }
      return deliveries.map(() => true);
    },
    recordDeadLetter: async () => {},
  });
}

/** A message whose event parsed, with the logger that names it. */
interface Delivery<S extends Subject, D> {
  msg: JsMsg;
  event: Event<S, D>;
  logger: Logger;
}

interface Application<S extends Subject, D> {
  /** Applies the events in order, all or none; false for each that had been applied before. */
  apply(deliveries: Delivery<S, D>[], consumer: string): Promise<boolean[]>;
  recordDeadLetter(row: DeadLetter): Promise<unknown>;
}

async function consume<S extends Subject, D>(
  options: BaseConsumerOptions<S, D>,
  application: Application<S, D>,
): Promise<RunningConsumer> {
  const { nc, bus, event, ackWaitMs = ACK_WAIT_MS } = options;
  const name = durableName(options.service, event.subject);
  const logger = options.logger.child({ consumer: name });
  const config: DurableConfig = {
    durable_name: name,
    filter_subject: wireSubject(bus, event.subject),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ackWaitMs),
  };
  // Fails the start if the bus is unusable; later losses are repaired by the loop below.
  let info = await ensureConsumer(nc, bus.stream, config);
  const processBatch = createProcessor({ ...options, name, logger }, application);
  const stopping = new AbortController();
  const js = jetstream(nc);

  const loop = (async () => {
    for (let failures = 0, first = true; !stopping.signal.aborted && !nc.isClosed(); ) {
      try {
        if (!first) info = await ensureConsumer(nc, bus.stream, config);
        first = false;
        const messages = await js.consumers.getConsumerFromInfo(info).consume({
          max_messages: BATCH_SIZE,
        });
        const close = () => void messages.close();
        stopping.signal.addEventListener("abort", close, { once: true });
        if (stopping.signal.aborted) close();
        try {
          void closeWhenLost(messages, logger);
          for await (const batch of arrived(messages, BATCH_SIZE)) {
            // Stopping: hand buffered messages back at once so another replica takes them.
            if (stopping.signal.aborted) for (const msg of batch) msg.nak();
            else await processBatch(batch);
            failures = 0;
          }
        } finally {
          stopping.signal.removeEventListener("abort", close);
        }
      } catch (error) {
        logger.error({ err: error }, "consuming failed");
      }
      if (stopping.signal.aborted || nc.isClosed()) break;
      const delayMs = backoffDelay(++failures, RESTART_BACKOFF);
      logger.warn({ delayMs }, "consumer stopped unexpectedly, restarting");
      await sleep(delayMs, stopping.signal);
    }
    logger.info("consumer stopped");
  })();

  return {
    name,
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}

type DurableConfig = Partial<ConsumerConfig> & { durable_name: string };

// Servers ≥ 2.10 refuse to "create" over an existing consumer with another config;
// 2.9 updates it in place. Either way replicas starting together converge on one consumer.
const CONSUMER_EXISTS = 10148;

async function ensureConsumer(
  nc: NatsConnection,
  stream: string,
  config: DurableConfig,
): Promise<ConsumerInfo> {
  const jsm = await jetstreamManager(nc);
  try {
    return await jsm.consumers.add(stream, config);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === CONSUMER_EXISTS)) throw error;
    return jsm.consumers.update(stream, config.durable_name, config);
  }
}

/**
 * The client keeps pulling from a consumer that no longer exists (deleted, or the server lost
 * it) and recovers missed heartbeats only by re-pulling; ending the iterator makes the loop
 * re-create the consumer and start over, which covers both.
 */
async function closeWhenLost(messages: ConsumerMessages, logger: Logger): Promise<void> {
  for await (const status of messages.status()) {
    const lost =
      status.type === "consumer_deleted" ||
      status.type === "consumer_not_found" ||
      status.type === "stream_not_found" ||
      (status.type === "heartbeats_missed" && status.count >= 2);
    if (lost) {
      logger.warn({ status }, "consumer lost, re-creating it");
      void messages.close();
      return;
    }
  }
}

const NOTHING_MORE = Symbol("nothing more has arrived");

/**
 * Groups what the iterator has already received, up to `max` at a time, waiting only for the
 * first of each group: a lone event is applied at once, a backlog in batches. Each next message
 * is asked for only when the previous one was taken, so the client pulls at the pace of the
 * handler (see the pull requests nats.js queues among the messages).
 */
export async function* arrived<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  // The next message is asked for before the batch is handed on, so a failing iterator rejects
  // while nobody awaits it: marked handled here (an unhandled rejection ends the process), it
  // still throws where it is awaited.
  const ask = () => {
    const asked = iterator.next();
    asked.catch(() => {});
    return asked;
  };
  let next = ask();
  for (;;) {
    const first = await next;
    if (first.done) return;
    const batch = [first.value];
    next = ask();
    while (batch.length < max) {
      // A message already received resolves within microtasks, before the next event-loop turn.
      // A failure ends the batch here and is thrown when `next` is awaited, after it.
      const more = await Promise.race([next, nextTurn()]).catch(
        (): typeof NOTHING_MORE => NOTHING_MORE,
      );
      if (more === NOTHING_MORE) break;
      if (more.done) {
        yield batch;
        return;
      }
      batch.push(more.value);
      next = ask();
    }
    yield batch;
  }
}

function nextTurn(): Promise<typeof NOTHING_MORE> {
  return new Promise((resolve) => setImmediate(() => resolve(NOTHING_MORE)));
}

type Processor = (batch: JsMsg[]) => Promise<void>;

// An awaited event is normally milliseconds behind: look again soon, but not in a hot loop.
const WAIT_BACKOFF: Backoff = { initialMs: 20, maxMs: 1_000 };

function createProcessor<S extends Subject, D>(
  options: BaseConsumerOptions<S, D> & { name: string; logger: Logger },
  { apply, recordDeadLetter }: Application<S, D>,
): Processor {
  const { nc, name, event: definition, maxDeliveries = 10, maxWaits = 300 } = options;
  const backoff = options.backoff ?? { initialMs: 100, maxMs: 30_000 };

  async function deadLetter(msg: JsMsg, reason: string, eventId: string | undefined, log: Logger) {
    const deliveries = msg.info.deliveryCount;
    try {
      await recordDeadLetter({
        consumer: name,
        subject: definition.subject,
        eventId,
        deliveries,
        reason: storable(reason),
        payload: storable(msg.string()),
      });
    } catch (error) {
      // Without its dead-letter row the message would vanish without a trace: keep it.
      const delayMs = backoffDelay(deliveries, backoff);
      msg.nak(delayMs);
      log.error({ err: error, reason, delayMs }, "could not dead-letter event, will retry");
      return;
    }
    msg.term(termReasonSupported(nc) ? reason : undefined);
    busEvents.inc({ consumer: name, outcome: "dead-lettered" });
    log.error({ reason, deliveries }, "event dead-lettered");
  }

  function counted(applied: boolean[]) {
    const fresh = applied.filter(Boolean).length;
    if (fresh > 0) busEvents.inc({ consumer: name, outcome: "applied" }, fresh);
    if (fresh < applied.length) {
      busEvents.inc({ consumer: name, outcome: "skipped" }, applied.length - fresh);
    }
    busBatchSize.observe({ consumer: name }, applied.length);
  }

  /** One event in its own transaction, its failure decided for it alone. */
  async function applyOne(delivery: Delivery<S, D>) {
    const { msg, event, logger } = delivery;
    const deliveries = msg.info.deliveryCount;
    try {
      const [applied] = await apply([delivery], name);
      msg.ack();
      counted([applied === true]);
      logger.info(applied ? "event applied" : "event already applied, skipped");
    } catch (error) {
      const reason = messageOf(error);
      if (error instanceof PoisonMessageError || isDataException(error)) {
        return deadLetter(msg, reason, event.id, logger);
      }
      if (error instanceof RetryLaterError) {
        if (deliveries >= maxWaits) return deadLetter(msg, reason, event.id, logger);
        msg.nak(backoffDelay(deliveries, WAIT_BACKOFF));
        busEvents.inc({ consumer: name, outcome: "waiting" });
        logger.debug({ reason }, "event waits for an earlier one");
        return;
      }
      if (deliveries >= maxDeliveries) return deadLetter(msg, reason, event.id, logger);
      const delayMs = backoffDelay(deliveries, backoff);
      msg.nak(delayMs);
      busEvents.inc({ consumer: name, outcome: "failed" });
      logger.warn({ err: error, delayMs }, "event failed, will retry");
    }
  }

  return async (batch) => {
    const deliveries: Delivery<S, D>[] = [];
    for (const msg of batch) {
      const parsed = parseEvent(msg, definition);
      if (!parsed.ok) {
        const log = options.logger.child({ eventId: parsed.eventId, subject: definition.subject });
        await deadLetter(msg, parsed.reason, parsed.eventId, log);
        continue;
      }
      const { event } = parsed;
      const deliveryCount = msg.info.deliveryCount;
      const logger = options.logger.child({
        eventId: event.id,
        subject: event.subject,
        deliveries: deliveryCount,
      });
      deliveries.push({ msg, event, logger });
    }
    if (deliveries.length > 1) {
      try {
        const applied = await apply(deliveries, name);
        // Acked only now that the whole batch committed.
        for (const { msg } of deliveries) msg.ack();
        counted(applied);
        const skipped = applied.filter((isNew) => !isNew).length;
        options.logger.info({ events: deliveries.length, skipped }, "events applied");
        return;
      } catch (error) {
        // Nothing of the batch committed: each event alone, so one failure holds up only itself.
        options.logger.debug({ err: error }, "a batch failed, applying its events one by one");
      }
    }
    for (const delivery of deliveries) await applyOne(delivery);
  };
}

type Parsed<S extends Subject, D> =
  | { ok: true; event: Event<S, D> }
  | { ok: false; reason: string; eventId: string | undefined };

/** Checks the envelope and the payload: what fails here can never succeed, so it is poison. */
function parseEvent<S extends Subject, D>(
  msg: JsMsg,
  definition: EventDefinition<S, D>,
): Parsed<S, D> {
  let eventId = msg.headers?.get("Nats-Msg-Id") || undefined;
  let json: unknown;
  try {
    json = JSON.parse(msg.string());
  } catch (error) {
    return { ok: false, reason: `not JSON: ${messageOf(error)}`, eventId };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, reason: `invalid envelope: ${z.prettifyError(envelope.error)}`, eventId };
  }
  eventId = envelope.data.id;
  if (envelope.data.subject !== definition.subject) {
    const reason = `subject "${envelope.data.subject}" is not "${definition.subject}"`;
    return { ok: false, reason, eventId };
  }
  const data = definition.schema.safeParse(envelope.data.data);
  if (!data.success) {
    return { ok: false, reason: `invalid payload: ${z.prettifyError(data.error)}`, eventId };
  }
  const { id, occurredAt } = envelope.data;
  return { ok: true, event: { id, subject: definition.subject, occurredAt, data: data.data } };
}

/**
 * `term(reason)` sends "+TERM <reason>", which servers before 2.11 do not recognise: they
 * ignore the term and redeliver after ack_wait. The reason is in the dead-letter row anyway.
 */
function termReasonSupported(nc: NatsConnection): boolean {
  const [major = 0, minor = 0] = (nc.info?.version ?? "0.0").split(".").map(Number);
  return major > 2 || (major === 2 && minor >= 11);
}

/**
 * PostgreSQL's data exceptions (SQLSTATE class 22: a NUL in text, an integer or a date out of
 * range) come from the event's own values, which the schema let through: every delivery fails
 * the same way, so the event is poison, not worth a minute of retries.
 */
function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * PostgreSQL text cannot hold NUL: a message (or a reason quoting it) with one would fail its
 * dead letter's INSERT on every delivery and be redelivered forever. U+FFFD stands in for it,
 * as it already does for bytes that are not UTF-8 (msg.string()).
 */
function storable(text: string): string {
  return text.replaceAll("\u0000", "\ufffd");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
