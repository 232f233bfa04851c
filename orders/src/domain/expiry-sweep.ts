import { every, type Logger, type Pool, type Stop, withTransaction } from "@microtickets/common";
import { expireLockedOrder } from "./order-changes.js";
import { lockExpiredOrders } from "./orders.js";

const DEFAULT_BATCH_SIZE = 100;

/**
 * Expires every open order whose lock ran out by `now` (see `expireLockedOrder`: cancelled with
 * its order.cancelled, or payments asked first), a batch per transaction so no transaction holds
 * many locks for long. Returns how many it cancelled.
 */
export async function sweepExpiredOrders(
  pool: Pool,
  timing: { now: Date; holdSeconds: number },
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<number> {
  let cancelled = 0;
  for (;;) {
    const { due, moved } = await withTransaction(pool, async (tx) => {
      const orders = await lockExpiredOrders(tx, timing, batchSize);
      let count = 0;
      for (const order of orders) {
        if ((await expireLockedOrder(tx, order, timing)).kind === "move") count++;
      }
      return { due: orders.length, moved: count };
    });
    cancelled += moved;
    // A short batch: nothing more is due, or the rest is locked by a sweep on another replica.
    if (due < batchSize) return cancelled;
  }
}

export interface ExpirySweepOptions {
  pool: Pool;
  clock: () => Date;
  holdSeconds: number;
  intervalMs: number;
  logger: Logger;
  batchSize?: number;
}

/**
 * The backstop for the lock: the expiration service normally cancels an order at its
 * `expiresAt`, but if its job was lost (Redis lost its data) the order would hold its ticket
 * forever. Every `intervalMs` this expires what is overdue, and cancels on its own an order whose
 * payments never answered, once `holdSeconds` past its lock.
 */
export function startExpirySweep(options: ExpirySweepOptions): Stop {
  const { pool, clock, holdSeconds, intervalMs, batchSize } = options;
  const logger = options.logger.child({ component: "expiry-sweep" });
  return every(
    intervalMs,
    async () => {
      const cancelled = await sweepExpiredOrders(pool, { now: clock(), holdSeconds }, batchSize);
      if (cancelled > 0) logger.info({ cancelled }, "cancelled orders past their lock");
    },
    (error) => logger.warn({ err: error }, "expiry sweep failed, will try again"),
  );
}
