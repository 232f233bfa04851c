import { setTimeout as delay } from "node:timers/promises";
import type { Queryable } from "@microtickets/common";

/*
 * The payment attempts orders has heard of (payment_attempts in 002_order_payments.sql and
 * 004_payment_holds.sql). An attempt that has not ended holds its order.
 * payment.action-required and payment.failed travel on separate consumers, so an attempt's
 * failure may be applied before its request for the buyer's action. Failure is final: the late
 * request finds the attempt failed and leaves it so. Callers hold the order's lock (`lockOrder`),
 * so the attempts of one order are recorded one after the other.
 */

/** Payments accepted an attempt in time: it holds the order. False when it was heard of before. */
export async function recordStartedAttempt(
  tx: Queryable,
  attempt: { id: string; orderId: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO payment_attempts (payment_id, order_id, status) VALUES ($1, $2, 'started')
     ON CONFLICT (payment_id) DO NOTHING`,
    [attempt.id, attempt.orderId],
  );
  return rowCount === 1;
}

/** A payment attempt waits for its buyer (3-D Secure), unless it is already known to have failed. */
export async function recordAwaitingAttempt(
  tx: Queryable,
  attempt: { id: string; orderId: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO payment_attempts (payment_id, order_id, status) VALUES ($1, $2, 'awaiting')
     ON CONFLICT (payment_id) DO UPDATE SET status = 'awaiting'
       WHERE payment_attempts.status = 'started'`,
    [attempt.id, attempt.orderId],
  );
}

/** A payment attempt ended without a charge, whatever was known of it before. */
export async function recordFailedAttempt(
  tx: Queryable,
  attempt: { id: string; orderId: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO payment_attempts (payment_id, order_id, status) VALUES ($1, $2, 'failed')
     ON CONFLICT (payment_id) DO UPDATE SET status = 'failed'`,
    [attempt.id, attempt.orderId],
  );
}

/** Whether some payment attempt of the order still waits for its buyer. */
export async function hasAwaitingAttempt(db: Queryable, orderId: string): Promise<boolean> {
  const { rows } = await db.query<{ awaiting: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM payment_attempts WHERE order_id = $1 AND status = 'awaiting'
     ) AS awaiting`,
    [orderId],
  );
  return rows[0]?.awaiting ?? false;
}

/**
 * Whether a payment attempt of the order holds it against `cancellation`: against its lock
 * running out, every attempt that has not ended (`started` or `awaiting` the buyer); against its
 * buyer, only one being charged now (`started`). A buyer who gave up on 3-D Secure may cancel:
 * that attempt was never reported paid (202), and payments cancels its intent.
 */
export async function isHeldForPayment(
  db: Queryable,
  orderId: string,
  cancellation: "by buyer" | "by lock",
): Promise<boolean> {
  const { rows } = await db.query<{ held: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM payment_attempts WHERE order_id = $1 AND status = ANY($2)
     ) AS held`,
    [orderId, cancellation === "by buyer" ? ["started"] : ["started", "awaiting"]],
  );
  return rows[0]?.held ?? false;
}

/**
 * Waits (polling, as every replica's consumer writes the attempts) until no attempt holds the
 * order against its buyer, or `timeoutMs` has passed. A charge ends within seconds; its end
 * reaches us milliseconds after payments told the buyer.
 */
export async function awaitChargeEnd(
  db: Queryable,
  orderId: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 2; Date.now() < deadline; pause = Math.min(pause * 2, 50)) {
    if (!(await isHeldForPayment(db, orderId, "by buyer"))) return;
    await delay(Math.min(pause, Math.max(deadline - Date.now(), 0)));
  }
}
