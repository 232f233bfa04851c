import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "../logger.js";

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** The wait before retry number `attempt` (1-based): doubles each time, capped. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: Backoff): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}

/** Resolves after `ms`, or at once when `signal` aborts: waits that shutdown can cut short. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

export interface ConnectBusOptions {
  url: string;
  /** Shows up in the server's connection list (`nats server report connections`). */
  name: string;
  logger: Logger;
  /** Gives up waiting for the server (shutdown during start). */
  signal?: AbortSignal;
  retry?: Backoff;
}

/**
 * Connects to NATS, waiting for it however long it takes: in a fresh cluster the services
 * often start before the server answers. Once connected, the client reconnects forever.
 */
export async function connectBus({
  url,
  name,
  logger,
  signal,
  retry = { initialMs: 250, maxMs: 5_000 },
}: ConnectBusOptions): Promise<NatsConnection> {
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      const nc = await connect({
        servers: url,
        name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 1_000,
      });
      logger.info({ server: nc.getServer(), version: nc.info?.version }, "connected to NATS");
      void logStatus(nc, logger);
      return nc;
    } catch (error) {
      const delayMs = backoffDelay(attempt, retry);
      logger.warn({ err: error, url, attempt, delayMs }, "NATS not reachable, retrying");
      await sleep(delayMs, signal);
    }
  }
}

async function logStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    switch (status.type) {
      case "disconnect":
        logger.warn({ server: status.server }, "disconnected from NATS");
        break;
      case "reconnect":
        logger.info({ server: status.server }, "reconnected to NATS");
        break;
      case "error":
        logger.error({ err: status.error }, "NATS error");
        break;
      case "slowConsumer":
        logger.warn({ subject: status.sub.getSubject(), pending: status.pending }, "slow consumer");
        break;
      default:
        // pings, reconnect attempts and cluster updates are noise at this level
        break;
    }
  }
}

/** Calls back on disconnects and reconnects until the returned function is called. */
export function watchConnection(
  nc: NatsConnection,
  on: { disconnected(): void; reconnected(): void },
): () => void {
  const statuses = nc.status();
  void (async () => {
    for await (const status of statuses) {
      if (status.type === "disconnect") on.disconnected();
      else if (status.type === "reconnect") on.reconnected();
    }
  })();
  // The iterator is a QueuedIterator with stop(); the declared type only promises iteration.
  return () => {
    if ("stop" in statuses && typeof statuses.stop === "function") statuses.stop();
  };
}
