import type { JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Router } from "express";
import type { Redis } from "ioredis";
import type { z } from "zod";
import type { Listener } from "../bus/listener.js";
import type { BusConfig } from "../bus/stream.js";
import type { Pool } from "../db/pool.js";
import type { Logger } from "../logger.js";
import type { ReadinessChecks } from "../ops/health.js";
import type { RedisOptions } from "../redis.js";

/** Something to stop on shutdown. */
export type Stop = () => Promise<void>;

/** A connection the kit opens when the configuration has its variable, else nothing. */
type When<C, Variable extends string, T> = C extends { [K in Variable]: string } ? T : undefined;

/** The service's connection to the bus. */
export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  config: BusConfig;
}

/** What a service's `setup` is given: its configuration and the connections it declared. */
export interface ServiceContext<C> {
  name: string;
  config: C;
  logger: Logger;
  /** The current time; tests inject theirs to control locks and sweeps. */
  clock: () => Date;
  /** Migrated before `setup` runs (with DATABASE_URL). */
  db: When<C, "DATABASE_URL", Pool>;
  /** With REDIS_URL. */
  redis: When<C, "REDIS_URL", Redis>;
  /** Connected, the stream ensured (with NATS_URL). */
  bus: When<C, "NATS_URL", Bus>;
}

/** A background task: started with the service, stopped before its consumers. */
export interface Job {
  name: string;
  start(): Stop;
}

/** Something `setup` opened that must close after the consumers stop and before the bus. */
export interface Resource {
  name: string;
  close(): Promise<void>;
}

/** What makes a service itself; the kit wires the rest the same way in every service. */
export interface ServiceParts<D = undefined> {
  /** One router per route file, in mount order; without routes only /healthz, /readyz, /metrics. */
  routes?: Router[];
  /** Routes that read the raw body themselves (a signed webhook), mounted before JSON parsing. */
  rawBodyRoutes?: Router[];
  /** What it consumes: `listener(Event, handler)` each. */
  listeners?: Listener[];
  jobs?: Job[];
  resources?: Resource[];
  /** Checks for /readyz besides the kit's own (database, redis, nats). */
  readiness?: ReadinessChecks;
  /** Called as the server stops taking requests: ends responses that never end by themselves. */
  onHttpClose?(): void;
  /** What the service built from its connections, for its tests to reach. */
  deps?: D;
}

export interface ServiceDefinition<S extends z.ZodObject, D = undefined> {
  name: string;
  /** The service's schema: `serviceConfig(port).extend({ ...databaseEnv, … })`. */
  config: S;
  /**
   * The folder of its own numbered SQL migrations (after common's outbox, inbox and keys), with
   * DATABASE_URL: `new URL("./migrations", import.meta.url)`.
   */
  migrations?: URL;
  /** How the kit connects to Redis, with REDIS_URL. */
  redis?: RedisOptions;
  /** Builds the service's parts; runs once per process, after the connections are open. */
  setup(ctx: ServiceContext<z.infer<S>>): ServiceParts<D> | Promise<ServiceParts<D>>;
}

/** Names a service's definition with its types inferred; `index.ts` runs it. */
export function defineService<S extends z.ZodObject, D = undefined>(
  definition: ServiceDefinition<S, D>,
): ServiceDefinition<S, D> {
  return definition;
}
