import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { jetstream } from "@nats-io/jetstream";
import type { Express } from "express";
import type { Redis } from "ioredis";
import type { z } from "zod";
import { connectBus } from "../bus/connect.js";
import type { RunningConsumer } from "../bus/consumer.js";
import { busConfigFrom } from "../bus/env.js";
import { type OutboxRelay, startOutboxRelay } from "../bus/outbox-relay.js";
import { ensureStream } from "../bus/stream.js";
import { loadConfig, publicKeyBlocks } from "../config.js";
import { migrate } from "../db/migrate.js";
import { createPool, type Pool } from "../db/pool.js";
import { startRetentionSweep } from "../db/retention.js";
import { waitForDatabase } from "../db/wait-for-database.js";
import { createApp, createOpsApp } from "../http/create-app.js";
import type { RevokedSessions } from "../http/revoked-sessions.js";
import { importSessionPublicKeys } from "../http/session.js";
import { createLogger, type Logger } from "../logger.js";
import type { ReadinessChecks } from "../ops/health.js";
import { connectRedis, pingRedis } from "../redis.js";
import type {
  Bus,
  ServiceContext,
  ServiceDefinition,
  ServiceParts,
  Stop,
} from "./define-service.js";
import { closeServer, listen } from "./http-server.js";
import { SessionRevocations } from "./session-revocations.js";

export interface StartServiceOptions {
  /** Where the configuration comes from (default: the process environment). */
  env?: NodeJS.ProcessEnv;
  clock?: () => Date;
  logger?: Logger;
}

/** A service started by `startService`: what its tests and `runService` hold on to. */
export interface RunningService<C, D> {
  name: string;
  config: C;
  logger: Logger;
  app: Express;
  /** Where it listens, e.g. http://127.0.0.1:4003 (PORT 0 picks a free port). */
  url: string;
  db: Pool | undefined;
  redis: Redis | undefined;
  bus: Bus | undefined;
  deps: D;
  /** The consumers and the outbox relay: stopped and started again, the bus going away and back. */
  messaging: { start(): Promise<void>; stop(): Promise<void> };
  /** The background jobs, likewise. */
  jobs: { start(): void; stop(): Promise<void> };
  /**
   * Stops in the one safe order: stop taking requests; stop the jobs; stop consuming; publish
   * what is committed; close what setup opened; drain the bus; close Redis and the database.
   * Every step runs even if one before it failed; the first failure is thrown at the end.
   */
  stop(): Promise<void>;
}

interface Step {
  name: string;
  stop: Stop;
}

/**
 * Starts a service from its definition, in order: configuration, database (migrated), Redis,
 * bus, the service's own setup, consumers and relay, jobs, then the HTTP server. A failure
 * part-way closes what was opened and rethrows.
 */
export async function startService<S extends z.ZodObject, D>(
  definition: ServiceDefinition<S, D>,
  options: StartServiceOptions = {},
): Promise<RunningService<z.infer<S>, D>> {
  const { name } = definition;
  const config = loadConfig(definition.config, options.env);
  const vars = config as Partial<Record<string, string | number>>;
  const logger = options.logger ?? createLogger(name);
  let db: Pool | undefined;
  let redis: Redis | undefined;
  let bus: Bus | undefined;
  let parts: ServiceParts<D> = {};
  let messaging: Messaging | undefined;
  let jobs: Jobs | undefined;
  let server: Server | undefined;

  // What is open so far, in the order it must stop; the same list for a failed start.
  const shutdown = (): Step[] => [
    ...(server ? [{ name: "http", stop: closeHttp(server, parts) }] : []),
    ...(jobs ? [{ name: "jobs", stop: jobs.stop }] : []),
    ...(messaging ? [{ name: "consumers", stop: messaging.stopConsumers }] : []),
    ...(messaging ? [{ name: "outbox relay", stop: messaging.stopRelay }] : []),
    ...(parts.resources ?? []).map((resource) => ({
      name: resource.name,
      stop: () => resource.close(),
    })),
    ...(bus ? [{ name: "bus", stop: drain(bus) }] : []),
    ...(redis ? [{ name: "redis", stop: quit(redis) }] : []),
    ...(db ? [{ name: "database", stop: end(db) }] : []),
  ];

  try {
    if (typeof vars.DATABASE_URL === "string") {
      await waitForDatabase(vars.DATABASE_URL, { logger });
      await migrate(
        vars.DATABASE_URL,
        definition.migrations && fileURLToPath(definition.migrations),
      );
      db = createPool(vars.DATABASE_URL);
    }
    if (typeof vars.REDIS_URL === "string") {
      redis = connectRedis(vars.REDIS_URL, name, logger, definition.redis);
    }
    if (typeof vars.NATS_URL === "string") {
      const nc = await connectBus({ url: vars.NATS_URL, name, logger });
      bus = { nc, js: jetstream(nc), config: busConfigFrom(config as BusVariables) };
      await ensureStream(nc, bus.config, {
        replicas: (config as BusVariables).BUS_STREAM_REPLICAS,
      });
    }
    const clock = options.clock ?? (() => new Date());
    const context = { name, config, logger, clock, db, redis, bus };
    parts = await definition.setup(context as ServiceContext<z.infer<S>>);

    // Every API refuses signed-out sessions; the kit keeps the list (session-revocations.ts).
    const revocations =
      db && (parts.routes || parts.rawBodyRoutes) ? new SessionRevocations(db, logger) : undefined;
    const kitParts = withRevocations(parts, revocations, bus);
    messaging = createMessaging(name, { db, bus, vars, logger }, kitParts);
    await messaging.start();
    jobs = createJobs(kitParts, db, logger);
    jobs.start();
    // After subscribing: a revocation published meanwhile is heard, or already in the table.
    await revocations?.load();

    const app = await buildApp(
      parts,
      config,
      logger,
      readinessOf({ db, redis, bus, messaging }, parts),
      revocations?.revoked,
    );
    server = await listen(app, Number(vars.PORT ?? 0));
    const { port } = server.address() as AddressInfo;
    logger.info({ port }, "listening");

    let stopped: Promise<void> | undefined;
    return {
      name,
      config,
      logger,
      app,
      url: `http://127.0.0.1:${port}`,
      db,
      redis,
      bus,
      deps: parts.deps as D,
      messaging,
      jobs,
      stop: () => {
        stopped ??= runSteps(shutdown(), logger);
        return stopped;
      },
    };
  } catch (error) {
    await runSteps(shutdown(), logger).catch(() => {});
    throw error;
  }
}

/** The service's parts with the revocation list's consumer and catch-up job added. */
function withRevocations<D>(
  parts: ServiceParts<D>,
  revocations: SessionRevocations | undefined,
  bus: Bus | undefined,
): ServiceParts<D> {
  if (!revocations) return parts;
  return {
    ...parts,
    listeners: [...(parts.listeners ?? []), ...(bus ? [revocations.listener()] : [])],
    jobs: [
      ...(parts.jobs ?? []),
      { name: "revoked sessions catch-up", start: () => revocations.startCatchUp() },
    ],
  };
}

type BusVariables = { BUS_STREAM: string; BUS_SUBJECT_PREFIX: string; BUS_STREAM_REPLICAS: number };

const closeHttp = (server: Server, parts: ServiceParts<unknown>) => async () => {
  const closing = closeServer(server);
  parts.onHttpClose?.();
  await closing;
};
const drain = (bus: Bus) => () => bus.nc.drain();
const quit = (redis: Redis) => async () => {
  if (redis.status === "end") return;
  const ended = once(redis, "end");
  await redis.quit();
  await ended;
};
const end = (db: Pool) => () => db.end();

/** Runs every step in order, logging each; throws the first failure once all have run. */
async function runSteps(steps: Step[], logger: Logger): Promise<void> {
  let failure: unknown;
  for (const step of steps) {
    try {
      await step.stop();
      logger.debug({ step: step.name }, "stopped");
    } catch (error) {
      logger.error({ err: error, step: step.name }, "error while stopping");
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}

interface Connections {
  db: Pool | undefined;
  bus: Bus | undefined;
  vars: Partial<Record<string, string | number>>;
  logger: Logger;
}

/** Consumers and, for a service with a database and a bus, its outbox relay. */
type Messaging = ReturnType<typeof createMessaging>;

function createMessaging(
  service: string,
  { db, bus, vars, logger }: Connections,
  parts: ServiceParts<unknown>,
) {
  const listeners = parts.listeners ?? [];
  if (listeners.length > 0 && !bus) {
    throw new Error(`${service} has listeners but no NATS_URL in its configuration`);
  }
  let consumers: RunningConsumer[] = [];
  let relay: OutboxRelay | undefined;
  let running = false;
  const stopConsumers = async () => {
    running = false;
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  };
  const stopRelay = async () => {
    const running = relay;
    relay = undefined;
    await running?.stop();
  };
  return {
    async start() {
      if (!bus) return;
      if (db && typeof vars.DATABASE_URL === "string" && !relay) {
        relay = await startOutboxRelay({
          pool: db,
          databaseUrl: vars.DATABASE_URL,
          nc: bus.nc,
          bus: bus.config,
          logger,
        });
      }
      if (consumers.length === 0) {
        const base = { nc: bus.nc, bus: bus.config, service, logger, pool: db };
        consumers = await Promise.all(listeners.map((listener) => listener.start(base)));
      }
      running = true;
    },
    /** False while stopped: the process is then as good as cut off from the bus. */
    get running() {
      return running;
    },
    async stop() {
      await stopConsumers();
      await stopRelay();
    },
    stopConsumers,
    stopRelay,
  };
}

/** The service's jobs, and the retention sweep of the shared tables for one with a database. */
type Jobs = ReturnType<typeof createJobs>;

function createJobs(parts: ServiceParts<unknown>, db: Pool | undefined, logger: Logger) {
  const stops: Stop[] = [];
  return {
    start() {
      if (stops.length > 0) return;
      if (db) stops.push(startRetentionSweep(db, logger));
      for (const job of parts.jobs ?? []) stops.push(job.start());
    },
    async stop() {
      await Promise.all(stops.splice(0).map((stop) => stop()));
    },
  };
}

function readinessOf(
  {
    db,
    redis,
    bus,
    messaging,
  }: { db: Pool | undefined; redis: Redis | undefined; bus: Bus | undefined; messaging: Messaging },
  parts: ServiceParts<unknown>,
): ReadinessChecks {
  return {
    ...(db && { database: () => db.query("SELECT 1") }),
    ...(redis && { redis: () => pingRedis(redis) }),
    ...(bus && {
      nats: () =>
        messaging.running
          ? bus.nc.flush()
          : Promise.reject(new Error("consumers and outbox relay are stopped")),
    }),
    ...parts.readiness,
  };
}

async function buildApp(
  parts: ServiceParts<unknown>,
  config: object,
  logger: Logger,
  readiness: ReadinessChecks,
  revokedSessions: RevokedSessions | undefined,
): Promise<Express> {
  if (!parts.routes && !parts.rawBodyRoutes) return createOpsApp(readiness);
  const { JWT_PUBLIC_KEY, SESSION_PUBLIC_KEYS, TRUST_PROXY_HOPS } = config as {
    JWT_PUBLIC_KEY?: string;
    SESSION_PUBLIC_KEYS?: string;
    TRUST_PROXY_HOPS?: number;
  };
  if (!JWT_PUBLIC_KEY) throw new Error("a service with routes needs apiEnv in its configuration");
  return createApp({
    logger,
    sessionPublicKey: await importSessionPublicKeys([
      JWT_PUBLIC_KEY,
      ...publicKeyBlocks(SESSION_PUBLIC_KEYS ?? ""),
    ]),
    revokedSessions,
    trustProxy: TRUST_PROXY_HOPS,
    readiness,
    routes: parts.routes ?? [],
    rawBodyRoutes: parts.rawBodyRoutes,
  });
}
