import { every } from "../every.js";
import type { Logger } from "../logger.js";
import type { Pool } from "./pool.js";

const SWEEP_INTERVAL_MS = 60 * 60 * 1_000;

/**
 * What the shared tables forget. The inbox keeps an event id longer than the stream keeps the
 * event (7 days), so no redelivery can outlive its record.
 */
const RETENTION = {
  outbox: "DELETE FROM outbox WHERE published_at < now() - interval '24 hours'",
  inbox: "DELETE FROM inbox WHERE processed_at < now() - interval '8 days'",
  idempotency_keys: "DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'",
  // Past its expiry a token is refused anyway; an hour's slack covers the services' clock skew.
  revoked_sessions: "DELETE FROM revoked_sessions WHERE expires_at < now() - interval '1 hour'",
};

/** Deletes the shared tables' rows past their retention; a failing table does not stop the rest. */
export async function forgetExpiredRows(pool: Pool, logger: Logger): Promise<void> {
  for (const [table, statement] of Object.entries(RETENTION)) {
    try {
      const { rowCount } = await pool.query(statement);
      if (rowCount) logger.info({ table, deleted: rowCount }, "forgot rows past their retention");
    } catch (error) {
      logger.warn({ err: error, table }, "could not sweep");
    }
  }
}

/** Sweeps at start and then hourly: every service with a database runs it (startService). */
export function startRetentionSweep(pool: Pool, logger: Logger, intervalMs = SWEEP_INTERVAL_MS) {
  const log = logger.child({ component: "retention" });
  const first = forgetExpiredRows(pool, log);
  const stop = every(
    intervalMs,
    () => forgetExpiredRows(pool, log),
    () => {},
  );
  return async () => {
    await first;
    await stop();
  };
}
