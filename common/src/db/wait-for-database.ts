import pg from "pg";
import { type Backoff, backoffDelay, sleep } from "../bus/connect.js";
import type { Logger } from "../logger.js";

// PostgreSQL's "the database system is starting up" (or shutting down, or in recovery).
const CANNOT_CONNECT_NOW = "57P03";
const NOT_THERE_YET = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
]);

/** An error that a server still starting explains, as opposed to a wrong address or password. */
function isStillStarting(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (code === CANNOT_CONNECT_NOW || NOT_THERE_YET.has(String(code))) return true;
  return error instanceof Error && /timeout/i.test(error.message);
}

export interface WaitForDatabaseOptions {
  logger: Logger;
  /** Gives up waiting (shutdown during start). */
  signal?: AbortSignal;
  retry?: Backoff;
}

/**
 * Waits until the database accepts a connection, however long it takes, as `connectBus` waits
 * for NATS: in a fresh cluster the services often start before PostgreSQL (dev's initialises
 * its roles first), and a process that exits instead is restarted with a growing back-off.
 * A refusal that waiting cannot cure (a wrong password, a missing database) fails at once.
 */
export async function waitForDatabase(
  connectionString: string,
  { logger, signal, retry = { initialMs: 250, maxMs: 5_000 } }: WaitForDatabaseOptions,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (!isStillStarting(error)) throw error;
      const delayMs = backoffDelay(attempt, retry);
      logger.warn({ err: error, attempt, delayMs }, "PostgreSQL not reachable, retrying");
      await sleep(delayMs, signal);
    }
  }
}
