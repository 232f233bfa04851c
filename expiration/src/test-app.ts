import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

export interface PrivateRedisServer {
  url: string;
  start(): Promise<void>;
  /** Stops the server; its append-only file keeps the data for the next start (a restart). */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A Redis server of the test's own, for what cannot be done to the shared one: stopping and
 * restarting it. Not started yet; its port and data directory stay the same across restarts.
 */
export async function createPrivateRedisServer(): Promise<PrivateRedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "redis-test-"));
  let server: ChildProcess | undefined;

  const start = async () => {
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        dir,
        "--appendonly",
        "yes",
        "--save",
        "",
      ],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    server = child;
    let log = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes("Ready to accept connections")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${log}`)));
      child.once("error", reject);
    });
  };
  const stop = async () => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
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
