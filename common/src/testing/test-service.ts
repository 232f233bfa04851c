import { randomUUID } from "node:crypto";
import type { PubAck } from "@nats-io/jetstream";
import { Redis } from "ioredis";
import type { z } from "zod";
import { durableName } from "../bus/consumer.js";
import { publishEvent } from "../bus/publisher.js";
import { wireSubject } from "../bus/stream.js";
import type { Pool } from "../db/pool.js";
import type { Event, Subject } from "../events/index.js";
import { createLogger } from "../logger.js";
import type { ServiceDefinition } from "../service/define-service.js";
import { type RunningService, startService } from "../service/start-service.js";
import { eventApplied, eventDeadLettered } from "./consumed.js";
import { type EventLog, watchEvents } from "./event-log.js";
import { eventually } from "./eventually.js";
import { createTestSessions, type TestSessions } from "./sessions.js";
import { createTestBus, type TestBus, testNatsUrl } from "./test-bus.js";
import { createTestDatabase } from "./test-database.js";

// Events normally take milliseconds; the deadline is generous because the servers and the
// machine are shared with other suites running in parallel.
const EVENT_DEADLINE = { timeoutMs: 10_000 };

export interface TestServiceOptions {
  /** Names the file's database, stream and keys, so parallel files never meet. */
  label: string;
  /** The service's own variables (the kit sets the connections', the port and the keys). */
  env?: Record<string, string>;
  clock?: () => Date;
  /** A NATS server of the test's own (`@microtickets/dev-servers`) instead of the shared one. */
  natsUrl?: string;
  /** A Redis server of the test's own instead of the shared one. */
  redisUrl?: string;
}

/** A service under test, with what its tests do to it and wait for. */
export interface TestService<C, D> extends RunningService<C, D> {
  /** The database as the service sees it (present when its configuration has DATABASE_URL). */
  db: Pool;
  /** The file's own stream, on a connection of the test's own. */
  testBus: TestBus;
  /** Everything published on the stream: what the service announced and what the test did. */
  events: EventLog;
  /** Sign-ins minted with the key pair the service verifies (and, for auth, signs with). */
  sessions: TestSessions;
  /** The environment the service was started with; `replica()` reuses it. */
  env: NodeJS.ProcessEnv;
  /** Publishes as another service's outbox relay would. */
  publish(event: Event): Promise<PubAck>;
  /** The same event again under another Nats-Msg-Id: a redelivery after a lost ack. */
  redeliver(event: Event): Promise<PubAck>;
  /** Publishes the event and waits until the service has applied it. */
  apply<E extends Event>(event: E): Promise<E>;
  /** Waits until the service has applied the event (its inbox, or its consumer's ack). */
  applied(event: Event): Promise<void>;
  /** Waits until a consumer has given up on the event, and returns its reason. */
  deadLettered(event: Event): Promise<string>;
  /** Waits until the service's consumer has received the event (applied or not). */
  delivered(event: Event): Promise<void>;
  /** Waits for an event of `subject` on the stream that matches, and returns it. */
  published<Data = Record<string, unknown>>(
    subject: Subject,
    matches?: (data: Data) => boolean,
  ): Promise<Event<Subject, Data>>;
  /** Another process of the service on the same database, stream and keys (`env` on top). */
  replica(env?: Record<string, string>): Promise<RunningService<C, D>>;
  /** Stops everything it started, then drops the database, the stream and the keys. */
  close(): Promise<void>;
}

/**
 * Starts a service from its definition exactly as `runService` does, on a database, stream and
 * Redis key prefix of the test file's own, listening on a free port.
 */
export async function startTestService<S extends z.ZodObject, D>(
  definition: ServiceDefinition<S, D>,
  options: TestServiceOptions,
): Promise<TestService<z.infer<S>, D>> {
  const uses = (variable: string) => variable in definition.config.shape;
  const label = `${definition.name}_${options.label}`;
  const sessions = await createTestSessions();
  const [database, testBus] = await Promise.all([
    uses("DATABASE_URL") ? createTestDatabase(label) : undefined,
    uses("NATS_URL") ? createTestBus(label, { url: options.natsUrl }) : undefined,
  ]);
  const redisPrefix = `test:${label}:${randomUUID()}:`;
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "test",
    PORT: "0",
    JWT_PUBLIC_KEY: sessions.keys.publicKeyPem,
    JWT_PRIVATE_KEY: sessions.keys.privateKeyPem,
    ...(database && { DATABASE_URL: database.url }),
    ...(testBus && {
      NATS_URL: options.natsUrl ?? testNatsUrl(),
      BUS_STREAM: testBus.bus.stream,
      BUS_SUBJECT_PREFIX: testBus.bus.subjectPrefix,
    }),
    ...(uses("REDIS_URL") && {
      REDIS_URL: options.redisUrl ?? testRedisUrl(),
      REDIS_KEY_PREFIX: redisPrefix,
    }),
    ...options.env,
  };
  const start = (overrides: Record<string, string> = {}) =>
    startService(definition, {
      env: { ...env, ...overrides },
      clock: options.clock,
      logger: createLogger(`${definition.name}-test`),
    });
  const replicas: RunningService<z.infer<S>, D>[] = [];
  const forget = async () => {
    if (uses("REDIS_URL")) await forgetKeys(options.redisUrl ?? testRedisUrl(), redisPrefix);
    await testBus?.destroy();
    await database?.drop();
  };
  let running: RunningService<z.infer<S>, D>;
  try {
    running = await start();
  } catch (error) {
    await forget();
    throw error;
  }
  const events = testBus ? await watchEvents(testBus) : undefined;
  const sequences = new Map<string, number>();

  const needBus = () => {
    if (!testBus) throw new Error(`${definition.name} has no bus in its configuration`);
    return testBus;
  };
  const needDb = () => {
    if (!running.db) throw new Error(`${definition.name} has no database in its configuration`);
    return running.db;
  };
  const sequenceOf = (event: Event) => {
    const seq = sequences.get(event.id);
    if (seq === undefined) throw new Error(`event ${event.id} was not published by this test`);
    return seq;
  };
  const consumerInfo = async (subject: Subject) => {
    const bus = needBus();
    const jsm = await bus.js.jetstreamManager();
    return jsm.consumers.info(bus.bus.stream, durableName(definition.name, subject));
  };

  const publish = async (event: Event) => {
    const bus = needBus();
    const ack = await publishEvent(bus.js, bus.bus, event);
    sequences.set(event.id, ack.seq);
    return ack;
  };
  const applied = async (event: Event) => {
    if (running.db) {
      await eventApplied(running.db, event.id, EVENT_DEADLINE);
      return;
    }
    // Without an inbox: applied once its consumer acked it and holds nothing unacked.
    const seq = sequenceOf(event);
    await eventually(async () => {
      const info = await consumerInfo(event.subject);
      return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0;
    }, EVENT_DEADLINE);
  };

  return {
    ...running,
    db: running.db as Pool,
    testBus: testBus as TestBus,
    events: events as EventLog,
    sessions,
    env,
    publish,
    redeliver: async (event) => {
      const bus = needBus();
      const ack = await bus.js.publish(wireSubject(bus.bus, event.subject), JSON.stringify(event), {
        msgID: randomUUID(),
      });
      sequences.set(event.id, ack.seq);
      return ack;
    },
    async apply(event) {
      await publish(event);
      await applied(event);
      return event;
    },
    applied,
    deadLettered: (event) => eventDeadLettered(needDb(), event.id, EVENT_DEADLINE),
    async delivered(event) {
      const seq = sequenceOf(event);
      await eventually(
        async () => (await consumerInfo(event.subject)).delivered.stream_seq >= seq,
        EVENT_DEADLINE,
      );
    },
    published: (subject, matches) => {
      if (!events) throw new Error(`${definition.name} has no bus in its configuration`);
      return events.waitFor(subject, matches, EVENT_DEADLINE);
    },
    async replica(overrides) {
      const replica = await start(overrides);
      replicas.push(replica);
      return replica;
    },
    async close() {
      try {
        for (const replica of replicas.splice(0)) await replica.stop();
        await running.stop();
        await events?.stop();
      } finally {
        await forget();
      }
    },
  };
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
}

async function forgetKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
