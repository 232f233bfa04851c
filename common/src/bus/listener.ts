import type { NatsConnection } from "@nats-io/transport-node";
import type { Pool, PoolClient } from "../db/pool.js";
import type { EventDefinition, Subject } from "../events/index.js";
import type { Logger } from "../logger.js";
import {
  type EventContext,
  type HandlerContext,
  type RunningConsumer,
  startConsumer,
  startIdempotentConsumer,
} from "./consumer.js";
import type { BusConfig } from "./stream.js";

/** What the kit hands a listener when it starts it. */
export interface ListenerBase {
  nc: NatsConnection;
  bus: BusConfig;
  service: string;
  logger: Logger;
  /** The service's database, for the inbox; absent in a service without one. */
  pool?: Pool;
}

/** One kind of event a service consumes and what applies it; `startService` runs it. */
export interface Listener {
  subject: Subject;
  start(base: ListenerBase): Promise<RunningConsumer>;
}

/**
 * Applies `event` with `handle` inside the transaction that records it in the service's inbox:
 * exactly once applied, however often delivered. `handleBatch`, when given, applies what has
 * arrived at once (see `BatchHandler`).
 */
export function listener<S extends Subject, D>(
  event: EventDefinition<S, D>,
  handle: (data: D, ctx: HandlerContext<S, D>) => Promise<void>,
  handleBatch?: (events: { data: D; ctx: EventContext<S, D> }[], tx: PoolClient) => Promise<void>,
): Listener {
  return {
    subject: event.subject,
    start: ({ pool, ...base }) => {
      if (!pool) throw new Error(`the listener of ${event.subject} needs the service's database`);
      return startConsumer({ ...base, pool, event, handle, handleBatch });
    },
  };
}

/**
 * For a service without a database: `handle` must be idempotent by itself. `handleBatch`, when
 * given, takes several events at once (see `IdempotentBatchHandler`).
 */
export function idempotentListener<S extends Subject, D>(
  event: EventDefinition<S, D>,
  handle: (data: D, ctx: EventContext<S, D>) => Promise<void>,
  handleBatch?: (events: { data: D; ctx: EventContext<S, D> }[]) => Promise<void>,
): Listener {
  return {
    subject: event.subject,
    start: ({ pool: _pool, ...base }) =>
      startIdempotentConsumer({ ...base, event, handle, handleBatch }),
  };
}
