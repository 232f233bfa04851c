import { setTimeout as delay } from "node:timers/promises";
import type { Queryable } from "@microtickets/common";

/*
 * A payment attempt is charged only once orders holds its order for it (order.held, see
 * common/src/events/order-held.ts): from then on the order cannot be cancelled until the attempt
 * ends, so a charge that succeeds is final. These read and record what payments knows of that.
 */

/** What stands between an attempt and its charge: orders' hold, or its order's cancellation. */
export type HoldState = "held" | "cancelled" | "asked";

export async function holdState(db: Queryable, paymentId: string): Promise<HoldState> {
  const { rows } = await db.query<{ held: boolean; cancelled: boolean }>({
    name: "hold-state",
    text: `SELECT p.held_at IS NOT NULL AS held, o.status = 'cancelled' AS cancelled
      FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = $1`,
    values: [paymentId],
  });
  const row = rows[0];
  if (row?.held) return "held";
  return row?.cancelled ? "cancelled" : "asked";
}

/**
 * Waits (polling the database, which every replica's consumer writes to) until orders has
 * answered the attempt's payment.started, or `timeoutMs` has passed. The answer takes
 * milliseconds; the deadline is for a bus or an orders service that is down.
 */
export async function awaitHold(
  db: Queryable,
  paymentId: string,
  timeoutMs: number,
): Promise<HoldState> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    const state = await holdState(db, paymentId);
    if (state !== "asked" || Date.now() >= deadline) return state;
    await delay(Math.min(pause, Math.max(deadline - Date.now(), 0)));
  }
}

/** Orders holds the attempt's order (order.held). False when this was known already. */
export async function recordHold(db: Queryable, paymentId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE payments SET held_at = now() WHERE id = $1 AND held_at IS NULL",
    [paymentId],
  );
  return rowCount === 1;
}
