import {
  every,
  type Logger,
  type Pool,
  type Queryable,
  type Stop,
  TooManyRequestsError,
  withTransaction,
} from "@microtickets/common";
import type { OrdersConfig } from "../config.js";
import type { Order } from "./order.js";

/*
 * Fair sales (CONTRACT.md, POST /api/orders): no buyer can lock up a sale's inventory. Two
 * limits, both kept in PostgreSQL so they hold across replicas (orders has no Redis):
 * - at most `maxOpenOrders` open orders per buyer (created or awaiting:payment, not past
 *   expiresAt), decided inside the insert's transaction under a per-buyer lock;
 * - at most `attemptsPerWindow` order attempts per buyer in `windowSeconds`, counted before the
 *   ticket is even looked up.
 * Time comes from the service's clock, not the database's, so tests move it.
 */

export interface FairSalesLimits {
  maxOpenOrders: number;
  attemptsPerWindow: number;
  windowSeconds: number;
}

/** The contract's window: "more than 20 order attempts in 10 s". */
const ATTEMPT_WINDOW_SECONDS = 10;

export function fairSalesLimits(
  config: Pick<OrdersConfig, "MAX_OPEN_ORDERS_PER_USER" | "ORDER_ATTEMPTS_PER_10S">,
): FairSalesLimits {
  return {
    maxOpenOrders: config.MAX_OPEN_ORDERS_PER_USER,
    attemptsPerWindow: config.ORDER_ATTEMPTS_PER_10S,
    windowSeconds: ATTEMPT_WINDOW_SECONDS,
  };
}

/**
 * Counts one order attempt of `buyerId` at `now`; 429 with Retry-After (the window's end) once
 * the buyer has spent the window's budget. Every authenticated attempt with a valid body counts,
 * whatever its answer turns out to be (404 unknown, 400 own ticket, 409 taken, 429): hammering a
 * taken ticket to snatch it the moment it is released, or churning order/cancel, is what this
 * limits. A refused attempt counts too but never extends the window, so Retry-After is honest.
 *
 * A fixed window, opened by the buyer's first attempt after the last one ended (as
 * rate-limiter-flexible's, which auth uses): one upsert, atomic under concurrency because the
 * buyer's row is locked while it is updated.
 */
export async function countOrderAttempt(
  db: Queryable,
  buyerId: string,
  now: Date,
  limits: Pick<FairSalesLimits, "attemptsPerWindow" | "windowSeconds">,
): Promise<void> {
  const { rows } = await db.query<{ attempts: number; windowStartedAt: Date }>({
    name: "count-order-attempt",
    text: `INSERT INTO order_attempts AS a (user_id, window_started_at, attempts)
      VALUES ($1, $2, 1)
      ON CONFLICT (user_id) DO UPDATE SET
        window_started_at = CASE WHEN a.window_started_at <= $2 - make_interval(secs => $3)
          THEN $2 ELSE a.window_started_at END,
        attempts = CASE WHEN a.window_started_at <= $2 - make_interval(secs => $3)
          THEN 1 ELSE a.attempts + 1 END
      RETURNING attempts, window_started_at AS "windowStartedAt"`,
    values: [buyerId, now, limits.windowSeconds],
  });
  const counted = rows[0];
  if (counted && counted.attempts > limits.attemptsPerWindow) {
    const windowEndsAt = counted.windowStartedAt.getTime() + limits.windowSeconds * 1_000;
    throw new TooManyRequestsError(
      (windowEndsAt - now.getTime()) / 1_000,
      "Too many order attempts, try again later",
    );
  }
}

/**
 * Deletes the attempt counts whose window ended by `now`: a buyer's next attempt would open a
 * new window anyway, so this changes no answer, and the table holds only the buyers of the last
 * `windowSeconds` instead of every buyer ever. Returns how many it deleted.
 */
export async function pruneOrderAttempts(
  db: Queryable,
  now: Date,
  windowSeconds: number,
): Promise<number> {
  const { rowCount } = await db.query(
    "DELETE FROM order_attempts WHERE window_started_at <= $1::timestamptz - make_interval(secs => $2)",
    [now, windowSeconds],
  );
  return rowCount ?? 0;
}

/** `pruneOrderAttempts` every `intervalMs`. */
export function startOrderAttemptPruning(options: {
  pool: Pool;
  clock: () => Date;
  windowSeconds: number;
  intervalMs: number;
  logger: Logger;
}): Stop {
  const logger = options.logger.child({ component: "order-attempt-pruning" });
  return every(
    options.intervalMs,
    async () => {
      const pruned = await pruneOrderAttempts(options.pool, options.clock(), options.windowSeconds);
      if (pruned > 0) logger.debug({ pruned }, "pruned order attempt counts of ended windows");
    },
    (error) => logger.warn({ err: error }, "pruning order attempt counts failed, will try again"),
  );
}

/**
 * Runs `place` (the order's insert) in a transaction that first takes a lock of the buyer's
 * own and counts the buyer's open orders: 429 with Retry-After (until the earliest of them
 * expires) when the buyer already holds `maxOpenOrders`. The lock makes the count and the insert
 * one step per buyer: without it, two concurrent orders by a buyer at the cap minus one would
 * each count one short and both commit (the check-then-insert race). Buyers never wait on each
 * other, except on a rare hash collision of their ids, which only serialises them.
 */
export function placeWithinOpenOrderCap<T>(
  db: Pool,
  order: Order,
  maxOpenOrders: number,
  place: (tx: Queryable) => Promise<T>,
): Promise<T> {
  const now = order.createdAt;
  return withTransaction(db, async (tx) => {
    // The two-key form: its key space is apart from the one-key locks (migrations, outbox relay).
    await tx.query({
      name: "lock-buyer-orders",
      text: "SELECT pg_advisory_xact_lock($1, hashtext($2::text))",
      values: [BUYER_LOCK_CLASS, order.userId],
    });
    // A statement of its own after the lock: its snapshot then sees every order committed by
    // the buyer's previous lock holder.
    const { rows } = await tx.query<{ open: number; earliestExpiry: Date | null }>({
      name: "count-open-orders",
      text: `SELECT count(*)::int AS open, min(expires_at) AS "earliestExpiry" FROM orders
        WHERE user_id = $1 AND status IN ('created', 'awaiting:payment') AND expires_at > $2`,
      values: [order.userId, now],
    });
    const held = rows[0];
    if (held && held.open >= maxOpenOrders && held.earliestExpiry) {
      throw new TooManyRequestsError(
        (held.earliestExpiry.getTime() - now.getTime()) / 1_000,
        `You already hold ${maxOpenOrders} open orders: pay for or cancel one first`,
      );
    }
    return place(tx);
  });
}

/** The first key of the buyers' advisory locks ("orde" in ASCII), the second being the buyer's. */
const BUYER_LOCK_CLASS = 0x6f726465;
