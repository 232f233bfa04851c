import { every, type Logger, type Pool, type Stop, withTransaction } from "@microtickets/common";
import { cancelLockedOrder } from "./order-changes.js";
import { lockExpiredOrders } from "./orders.js";

const DEFAULT_BATCH_SIZE = 100;

/**
 * Cancels every open order whose lock ran out by `now`, each with its order.cancelled, a batch
 * per transaction so no transaction holds many locks for long. Returns how many it cancelled.
 */
export async function sweepExpiredOrders(
  pool: Pool,
  now: Date,
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<number> {
  let cancelled = 0;
  for (;;) {
    const batch = await withTransaction(pool, async (tx) => {
      const due = await lockExpiredOrders(tx, now, batchSize);
      for (const order of due) await cancelLockedOrder(tx, order);
      return due.length;
    });
    cancelled += batch;
    // A short batch: nothing more is due, or the rest is locked by a sweep on another replica.
    if (batch < batchSize) return cancelled;
  }
}

export interface ExpirySweepOptions {
  pool: Pool;
  clock: () => Date;
  intervalMs: number;
  logger: Logger;
  batchSize?: number;
}

/**
 * The backstop for the lock: the expiration service normally cancels an order at its
 * `expiresAt`, but if its job was lost (Redis lost its data) the order would hold its ticket
 * forever. Every `intervalMs` this cancels what is overdue.
 */
export function startExpirySweep(options: ExpirySweepOptions): Stop {
  const { pool, clock, intervalMs, batchSize } = options;
  const logger = options.logger.child({ component: "expiry-sweep" });
  return every(
    intervalMs,
    async () => {
      const cancelled = await sweepExpiredOrders(pool, clock(), batchSize);
      if (cancelled > 0) logger.info({ cancelled }, "cancelled orders past their lock");
    },
    (error) => logger.warn({ err: error }, "expiry sweep failed, will try again"),
  );
}
