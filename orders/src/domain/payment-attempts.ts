import type { Queryable } from "@microtickets/common";

/*
 * The payment attempts orders has heard of (payment_attempts in 002_order_payments.sql).
 * payment.action-required and payment.failed travel on separate consumers, so an attempt's
 * failure may be applied before its request for the buyer's action. Failure is final: the late
 * request finds the attempt failed and leaves it so. Callers hold the order's lock (`lockOrder`),
 * so the attempts of one order are recorded one after the other.
 */

/** A payment attempt waits for its buyer (3-D Secure), unless it is already known to have failed. */
export async function recordAwaitingAttempt(
  tx: Queryable,
  attempt: { id: string; orderId: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO payment_attempts (payment_id, order_id, status) VALUES ($1, $2, 'awaiting')
     ON CONFLICT (payment_id) DO NOTHING`,
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
