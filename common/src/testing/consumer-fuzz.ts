import { createHash, randomUUID } from "node:crypto";
import { headers as natsHeaders } from "@nats-io/transport-node";
import fc from "fast-check";
import { durableName } from "../bus/consumer.js";
import { wireSubject } from "../bus/stream.js";
import type { Queryable } from "../db/pool.js";
import {
  type Event,
  type EventDefinition,
  envelopeSchema,
  type Subject,
  Subjects,
} from "../events/index.js";
import { eventually } from "./eventually.js";
import { type FuzzRequest, hostileJsonValue, hostileString, sendRaw } from "./fuzz.js";
import type { TestService } from "./test-service.js";

/** One message as any publisher could put it on a subject: any bytes, any Nats-Msg-Id or none. */
export interface FuzzMessage {
  body: string | Uint8Array;
  /** The Nats-Msg-Id header; none when undefined. */
  msgId: string | undefined;
}

/** One subject a service consumes, and how to check its consumer still works. */
export interface ConsumedSubject<S extends Subject, D> {
  event: EventDefinition<S, D>;
  /** A valid event of its publisher's shape: the fuzz mutates its fields. */
  sample: () => Event<S, D>;
  /** Ids the service knows (a ticket, an order): mixed into the fuzzed events' id fields. */
  knownIds?: string[];
  /**
   * A normal event the service must apply after each batch (setting up what it needs first).
   * Its id must be fresh: the fuzz never reuses it.
   */
  probe: () => Promise<Event<S, D>>;
  /**
   * Valid events may wait here for an earlier one (RetryLaterError, a version gap): they are
   * redelivered up to the consumer's maxWaits, minutes, so the fuzz does not wait for them.
   */
  mayWait?: boolean;
}

export interface ConsumerFuzzRun {
  numRuns: number;
  /** Messages per batch, before the probe. */
  maxBatch?: number;
  /** Requests the service must still answer after each batch, without a 5xx. */
  routes?: FuzzRequest[];
  /** How long a probe, a settlement or a route may take on a loaded machine. */
  timeoutMs?: number;
}

/** What a run sent, and what became of it. */
export interface ConsumerFuzzTally {
  sent: number;
  /** Dropped by JetStream's duplicate window (a Nats-Msg-Id seen before). */
  duplicates: number;
  /** Failed the envelope or the schema: the bus must reject them. */
  rejected: number;
  /** Passed the schema. */
  accepted: number;
}

type Service = Pick<TestService<unknown, unknown>, "name" | "testBus" | "publish" | "applied"> & {
  db: Queryable | undefined;
  url: string;
};

/**
 * Publishes batches of arbitrary messages on one subject a service consumes, each batch followed
 * by a normal event, and checks the consumer is not blocked: the normal event is applied, the
 * routes answer without a 5xx, and every fuzzed message ends somewhere visible, not redelivered
 * forever (a dead letter with a reason, its inbox row, or, without a database, acked).
 * fast-check reports the seed and the smallest failing batch.
 */
export async function fuzzConsumer<S extends Subject, D>(
  t: Service,
  consumed: ConsumedSubject<S, D>,
  { numRuns, maxBatch = 6, routes = [], timeoutMs = 15_000 }: ConsumerFuzzRun,
): Promise<ConsumerFuzzTally> {
  const { event: definition } = consumed;
  const consumer = durableName(t.name, definition.subject);
  const wire = wireSubject(t.testBus.bus, definition.subject);
  const maxPayload = t.testBus.nc.info?.max_payload ?? 1024 * 1024;
  const messages = messagesFor(consumed, maxPayload - 4_096);
  const fits = (body: string | Uint8Array) => Buffer.byteLength(body) <= maxPayload;
  const tally: ConsumerFuzzTally = { sent: 0, duplicates: 0, rejected: 0, accepted: 0 };
  const deadline = { timeoutMs, intervalMs: 50 };

  await fc.assert(
    fc.asyncProperty(fc.array(messages, { minLength: 1, maxLength: maxBatch }), async (batch) => {
      const sent: Sent[] = [];
      for (const message of batch) {
        // Past the server's max_payload no publisher gets a message through.
        if (!fits(message.body)) continue;
        const msgHeaders = natsHeaders();
        if (message.msgId !== undefined) msgHeaders.set("Nats-Msg-Id", message.msgId);
        const ack = await t.testBus.js.publish(wire, message.body, { headers: msgHeaders });
        tally.sent++;
        if (ack.duplicate) {
          tally.duplicates++;
          continue;
        }
        const verdict = judge(message, definition);
        if (verdict.accepted) tally.accepted++;
        else tally.rejected++;
        sent.push({ message, ...verdict, text: textOf(message.body) });
      }

      const probe = await consumed.probe();
      await t.publish(probe);
      await t.applied(probe).catch((error: unknown) => {
        throw new Error(`the event after the batch was not applied: ${String(error)}`);
      });

      for (const req of routes) {
        const res = await sendRaw(t.url, req);
        if (res.status >= 500) {
          throw new Error(`${req.method} ${req.path} answered ${res.status}: ${res.text}`);
        }
      }

      const db = t.db;
      const waitsAllowed = consumed.mayWait === true;
      if (db) {
        await eventually(async () => {
          const unsettled = await unsettledIn(db, consumer, sent, waitsAllowed);
          if (unsettled.length > 0) {
            throw new Error(
              `not dead-lettered nor applied: ${unsettled.map(described).join("\n")}`,
            );
          }
          return true;
        }, deadline);
      }
      // Nothing left redelivered: with a database as a check on the rows, without one the only one.
      if (!waitsAllowed) {
        await eventually(async () => {
          const jsm = await t.testBus.js.jetstreamManager();
          const info = await jsm.consumers.info(t.testBus.bus.stream, consumer);
          if (info.num_ack_pending > 0 || info.num_pending > 0) {
            throw new Error(
              `${consumer} still holds ${info.num_ack_pending} unacked and ${info.num_pending} undelivered messages after: ${sent.map(described).join("\n")}`,
            );
          }
          return true;
        }, deadline);
      }
    }),
    {
      numRuns,
      endOnFailure: true,
      // fast-check's own report prints the whole batch, megabytes of it: the error names the
      // messages, shortened, and the seed and path replay the run.
      reporter: (details) => {
        if (!details.failed) return;
        const cause = details.errorInstance instanceof Error ? details.errorInstance.message : "";
        throw new Error(
          `${consumer}: ${cause}\n(replay with { seed: ${details.seed}, path: "${details.counterexamplePath}" })`,
        );
      },
    },
  );
  if (process.env.FUZZ_TALLY) console.info(JSON.stringify({ consumer, ...tally }));
  return tally;
}

interface Verdict {
  /** Passed the envelope and the schema, as the consumer parses it. */
  accepted: boolean;
  /** Its id in the inbox once applied. */
  eventId: string | undefined;
}

interface Sent extends Verdict {
  message: FuzzMessage;
  /** The body as the consumer reads it (msg.string()): invalid UTF-8 as U+FFFD. */
  text: string;
}

function judge<S extends Subject, D>(message: FuzzMessage, definition: EventDefinition<S, D>) {
  let json: unknown;
  try {
    json = JSON.parse(textOf(message.body));
  } catch {
    return { accepted: false, eventId: undefined };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success || envelope.data.subject !== definition.subject) {
    return { accepted: false, eventId: undefined };
  }
  const accepted = definition.schema.safeParse(envelope.data.data).success;
  return { accepted, eventId: envelope.data.id };
}

const textOf = (body: string | Uint8Array) =>
  new TextDecoder().decode(typeof body === "string" ? new TextEncoder().encode(body) : body);

// PostgreSQL text holds no NUL: the bus stores a dead letter's payload with U+FFFD in its place.
const md5 = (text: string) =>
  createHash("md5").update(text.replaceAll("\u0000", "\ufffd")).digest("hex");

async function unsettledIn(
  db: Queryable,
  consumer: string,
  sent: Sent[],
  waitsAllowed: boolean,
): Promise<Sent[]> {
  const [dead, inbox] = await Promise.all([
    db.query<{ digest: string; reason: string }>(
      "SELECT md5(payload) AS digest, reason FROM dead_letters WHERE consumer = $1",
      [consumer],
    ),
    db.query<{ event_id: string }>("SELECT event_id::text FROM inbox WHERE consumer = $1", [
      consumer,
    ]),
  ]);
  const deadLettered = new Set(
    dead.rows.filter((row) => row.reason.length > 0).map((row) => row.digest),
  );
  const applied = new Set(inbox.rows.map((row) => row.event_id));
  return sent.filter((item) => {
    if (deadLettered.has(md5(item.text))) return false;
    if (!item.accepted) return true;
    return !(waitsAllowed || (item.eventId !== undefined && applied.has(item.eventId)));
  });
}

function described(item: Sent): string {
  const verdict = item.accepted ? "valid" : "invalid";
  const text =
    item.text.length > 400 ? `${item.text.slice(0, 400)}… (${item.text.length})` : item.text;
  return `  ${verdict} message, Nats-Msg-Id ${JSON.stringify(item.message.msgId)}: ${JSON.stringify(text)}`;
}

// ---- Arbitraries ----

// Shared by every batch, so the same event id turns up again within a batch and across them.
const REUSED_IDS = [randomUUID(), randomUUID(), randomUUID()];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d\d-\d\dT/;

const extremeDates = fc.oneof(
  fc.constantFrom(
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "1969-12-31T23:59:59.999Z",
    "1970-01-01T00:00:00Z",
    "2038-01-19T03:14:08Z",
    "9999-12-31T23:59:59.999999999Z",
    "2030-02-30T20:00:00Z",
    "2030-01-01T24:00:00Z",
    "2030-01-01T00:00:00+23:59",
    "2030-01-01T00:00:00-00:00",
  ),
  fc
    .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z") })
    .filter((date) => !Number.isNaN(date.getTime()))
    .map((date) => date.toISOString()),
);

const extremeNumbers = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32,
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MIN_SAFE_INTEGER,
    1e308,
    0.5,
    Number.EPSILON,
  ),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Strings as long as a publisher might send, lone surrogates and NUL included. */
const longText = fc.oneof(
  fc.string({ unit: "binary", minLength: 200, maxLength: 5_000 }),
  fc.nat({ max: 100_000 }).map((n) => "é🎫\ud800x\u0000".repeat(n / 5)),
);

/** How often a field is left as the sample has it, changed within its kind, or made hostile. */
interface Mutation {
  keep: number;
  hostile: number;
}

/** Payloads meant to pass the schema: a field or two changed, each to a value of its kind. */
const WITHIN_SCHEMA: Mutation = { keep: 12, hostile: 0 };
/** Payloads meant to fail it: many fields changed, some to values of another kind or none. */
const BROKEN: Mutation = { keep: 3, hostile: 1 };

/** A value like `value`, often the same one: an id another id, a date another date, and so on. */
function mutated(value: unknown, ids: string[], mutation: Mutation): fc.Arbitrary<unknown> {
  const hostile = fc.oneof(
    hostileJsonValue.map((text) => JSON.parse(text) as unknown),
    fc.constant(undefined),
  );
  const oneOf = (...alike: fc.Arbitrary<unknown>[]) =>
    fc.oneof(
      { weight: mutation.keep, arbitrary: fc.constant(value) },
      ...alike.map((arbitrary) => ({ weight: 1, arbitrary })),
      ...(mutation.hostile > 0 ? [{ weight: mutation.hostile, arbitrary: hostile }] : []),
    );
  if (typeof value === "string") {
    if (UUID.test(value)) return oneOf(fc.uuid(), fc.constantFrom(...ids, ...REUSED_IDS));
    if (ISO_DATE.test(value)) return oneOf(extremeDates);
    return oneOf(hostileString, longText);
  }
  if (typeof value === "number") return oneOf(extremeNumbers, fc.nat());
  if (typeof value === "boolean") return oneOf(fc.boolean());
  if (value === null) return oneOf(fc.uuid(), extremeDates, hostileString);
  if (Array.isArray(value)) return fc.tuple(...value.map((item) => mutated(item, ids, mutation)));
  if (typeof value === "object") {
    const fields = Object.entries(value).map(([key, field]) =>
      mutated(field, ids, mutation).map((v) => [key, v] as const),
    );
    // Keys the schema does not know: it strips them, or they break it.
    const stray = fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom("__proto__", "constructor", "id", "version"), hostileString),
        hostileJsonValue.map((text) => JSON.parse(text) as unknown),
      ),
      { maxLength: mutation.hostile > 0 ? 2 : 0 },
    );
    return fc.tuple(fc.tuple(...fields), stray).map(([known, extra]) => {
      const object: Record<string, unknown> = {};
      for (const [key, v] of [...known, ...extra]) {
        if (v === undefined) continue;
        // As JSON.parse would: an own property, even "__proto__".
        Object.defineProperty(object, key, { value: v, enumerable: true, writable: true });
      }
      return object;
    });
  }
  return fc.constant(value);
}

const otherSubjects = fc.oneof(
  fc.constantFrom(...Object.values(Subjects)),
  hostileString,
  fc.constantFrom("ticket.created ", "TICKET.CREATED", "ticket.*", ">", "\u0000"),
);

/** Envelopes around the sample's data mutated: most pass the schema, many fail it. */
function envelopes<S extends Subject, D>(consumed: ConsumedSubject<S, D>, maxPayload: number) {
  const sample = consumed.sample();
  const ids = consumed.knownIds ?? [];
  const field = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: hostile });
  const envelope = fc.record({
    id: field(fc.oneof(fc.uuid(), fc.constantFrom(...REUSED_IDS)), hostileString),
    subject: field(fc.constant(sample.subject as string), otherSubjects),
    occurredAt: field(fc.oneof(fc.constant(sample.occurredAt), extremeDates), hostileString),
    data: fc.oneof(
      { weight: 2, arbitrary: mutated(sample.data, ids, WITHIN_SCHEMA) },
      mutated(sample.data, ids, BROKEN),
    ),
  });
  const padded = fc.nat({ max: maxPayload - 1_000 }).map((n) => "x".repeat(n));
  return fc.oneof(
    { weight: 10, arbitrary: envelope.map((e) => JSON.stringify(e)) },
    // A missing field, or a huge one.
    envelope.chain((e) =>
      fc.constantFrom("id", "subject", "occurredAt", "data").map((key) => {
        const { [key as keyof typeof e]: _dropped, ...rest } = e;
        return JSON.stringify(rest);
      }),
    ),
    fc
      .tuple(envelope, padded)
      .map(([e, pad]) => JSON.stringify({ ...e, data: { ...(e.data as object), pad } })),
  );
}

/** What is not an envelope at all: other JSON, broken JSON, raw bytes, a huge blob. */
function nonEnvelopes(maxPayload: number): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    hostileJsonValue,
    fc.constantFrom("", "{", '{"id":', "null", "[]", "\u0000", "\ufeff{}", '{"data":\u0000}'),
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom(new Uint8Array([0xff, 0xfe, 0x00]), new Uint8Array([0xed, 0xa0, 0x80])),
    fc.nat({ max: maxPayload }).map((n) => "{".repeat(n)),
  );
}

// What a header may hold: no CR or LF (the client refuses them).
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 80,
});

function messagesFor<S extends Subject, D>(
  consumed: ConsumedSubject<S, D>,
  maxPayload: number,
): fc.Arbitrary<FuzzMessage> {
  const body = fc.oneof(
    { weight: 5, arbitrary: envelopes(consumed, maxPayload) },
    { weight: 1, arbitrary: nonEnvelopes(maxPayload) },
  );
  // A fresh Nats-Msg-Id as an outbox relay sends, none, or any: the duplicate window drops a repeat.
  const msgId = fc.oneof({ weight: 6, arbitrary: fc.uuid() }, fc.constant(undefined), headerValue);
  return fc.record({ body, msgId });
}
