import { randomBytes, randomUUID } from "node:crypto";
import {
  type BusConfig,
  connectBus,
  createLogger,
  durableName,
  ensureStream,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  type OutgoingEvent,
  publishEvent,
  type Subject,
  startServiceBus,
} from "@microtickets/common";
import { createTestBus, eventually, type TestBus, testNatsUrl } from "@microtickets/common/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { buildApp } from "./app.js";
import { expirationListeners } from "./events/listeners.js";
import { createExpirationQueue } from "./queue/expiration-queue.js";
import { type ExpirationWorker, startExpirationWorker } from "./queue/expiration-worker.js";
import { connectRedis, pingRedis } from "./queue/redis-connection.js";

export interface ExpirationTestAppOptions {
  /** A NATS server of the test's own (createPrivateNatsServer) instead of the shared one. */
  natsUrl?: string;
  /** A Redis server of the test's own (createPrivateRedisServer) instead of the shared one. */
  redisUrl?: string;
}

/**
 * The expiration service for one test file: its listeners and worker on a stream of the
 * file's own and a Redis key prefix of its own. `publish` feeds it events as orders would.
 */
export async function createExpirationTestApp(
  label: string,
  { natsUrl, redisUrl }: ExpirationTestAppOptions = {},
) {
  const logger = createLogger("expiration-test");
  const testBus = natsUrl
    ? await createPrivateTestBus(label, natsUrl)
    : await createTestBus(`expiration_${label}`);
  const redis = connectRedis(redisUrl ?? testRedisUrl(), logger);
  const prefix = `test:expiration:${label}:${randomUUID()}`;
  const queue = createExpirationQueue({ connection: redis, prefix, logger });
  const serviceBus = await startServiceBus({
    service: "expiration",
    natsUrl: natsUrl ?? testNatsUrl(),
    bus: testBus.bus,
    logger,
    listeners: expirationListeners(queue),
  });
  const startWorker = (): ExpirationWorker =>
    startExpirationWorker({
      connection: redis,
      prefix,
      js: jetstream(serviceBus.nc),
      bus: testBus.bus,
      logger,
    });
  let worker = startWorker();
  const app = buildApp({ readiness: { redis: () => pingRedis(redis), nats: serviceBus.ping } });

  return {
    app,
    testBus,
    queue,
    publish: (event: OutgoingEvent) => publishEvent(testBus.js, testBus.bus, event),
    /** Closes the worker, letting its job in hand finish: the service is down. */
    stopWorker: () => worker.close(),
    /** Starts a worker in place of the closed one: the service is back. */
    startWorker() {
      worker = startWorker();
    },
    /** Resolves once the service has acked every `subject` event up to stream sequence `seq`. */
    async settled(subject: Subject, seq: number) {
      const jsm = await jetstreamManager(testBus.nc);
      await eventually(async () => {
        const info = await jsm.consumers.info(
          testBus.bus.stream,
          durableName("expiration", subject),
        );
        return info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0;
      });
    },
    async close() {
      const [stopListeners, ...closeBus] = serviceBus.stops;
      await stopListeners?.();
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      const leftovers = await redis.keys(`${prefix}:*`);
      if (leftovers.length > 0) await redis.del(...leftovers);
      for (const stop of closeBus) await stop();
      await redis.quit();
      await testBus.destroy();
    },
  };
}

export type ExpirationTestApp = Awaited<ReturnType<typeof createExpirationTestApp>>;

/** Like createTestBus, on a server of the test's own, and reconnecting for as long as it takes. */
async function createPrivateTestBus(label: string, url: string): Promise<TestBus> {
  const suffix = randomBytes(4).toString("hex");
  const bus: BusConfig = { stream: `TEST_expiration_${suffix}`, subjectPrefix: `t${suffix}.` };
  const nc = await connectBus({ url, name: `test-${label}`, logger: createLogger("test-bus") });
  await ensureStream(nc, bus);
  return {
    nc,
    bus,
    js: jetstream(nc),
    destroy: async () => {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(bus.stream);
      await nc.close();
    },
  };
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
}

/** An order's lock as orders announces it; ids fresh unless given. */
export function orderCreated(expiresAt: Date, orderId: string = randomUUID()) {
  return OrderCreated.build({
    id: orderId,
    userId: randomUUID(),
    status: "created",
    expiresAt: expiresAt.toISOString(),
    version: 0,
    ticket: { id: randomUUID(), priceCents: 2_000 },
  });
}

export function orderCancelled(orderId: string) {
  return OrderCancelled.build({
    id: orderId,
    userId: randomUUID(),
    version: 1,
    ticket: { id: randomUUID() },
  });
}

export function orderCompleted(orderId: string) {
  return OrderCompleted.build({
    id: orderId,
    userId: randomUUID(),
    version: 1,
    ticket: { id: randomUUID() },
  });
}

/** A moment `ms` from now. */
export const inMs = (ms: number): Date => new Date(Date.now() + ms);
