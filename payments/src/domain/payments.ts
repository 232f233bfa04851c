import { isUuid, type Queryable } from "@microtickets/common";
import type { Payment } from "./payment.js";

const columns = `id, order_id AS "orderId", user_id AS "userId", amount_cents AS "amountCents",
  payment_method AS "paymentMethod", status, stripe_id AS "stripeId", failure,
  refund_id AS "refundId"`;

/** Saves a new attempt; false when one with this id exists (the same attempt, resent). */
export async function insertPayment(tx: Queryable, payment: Payment): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO payments (id, order_id, user_id, amount_cents, payment_method, status)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [
      payment.id,
      payment.orderId,
      payment.userId,
      payment.amountCents,
      payment.paymentMethod,
      payment.status,
    ],
  );
  return rowCount === 1;
}

export async function findPayment(tx: Queryable, id: string): Promise<Payment | undefined> {
  const { rows } = await tx.query<Payment>(`SELECT ${columns} FROM payments WHERE id = $1`, [id]);
  return rows[0];
}

/**
 * The attempt a PaymentIntent belongs to: by its id, or by the attempt id we gave Stripe. The
 * intent's id wins when both match attempts (an event naming one's intent and another's id):
 * it is on record, and giving it to the other would break its uniqueness.
 */
export async function findPaymentOfIntent(
  tx: Queryable,
  stripeId: string,
  paymentId: string | undefined,
): Promise<Payment | undefined> {
  const byId = isUuid(paymentId) ? paymentId : null;
  const { rows } = await tx.query<Payment>(
    `SELECT ${columns} FROM payments WHERE stripe_id = $1 OR id = $2
     ORDER BY stripe_id = $1 DESC NULLS LAST LIMIT 1`,
    [stripeId, byId],
  );
  return rows[0];
}

/** The attempts of an order that is open or succeeded: at most one (the unique index). */
export async function liveAttempt(tx: Queryable, orderId: string): Promise<Payment | undefined> {
  const { rows } = await tx.query<Payment>(
    `SELECT ${columns} FROM payments
     WHERE order_id = $1 AND status IN ('pending', 'requires_action', 'succeeded')`,
    [orderId],
  );
  return rows[0];
}

/** Saves an attempt's state (the rest of the row never changes). */
export async function savePayment(tx: Queryable, payment: Payment): Promise<void> {
  await tx.query(
    `UPDATE payments
     SET status = $2, stripe_id = $3, failure = $4, refund_id = $5, updated_at = now()
     WHERE id = $1`,
    [payment.id, payment.status, payment.stripeId, payment.failure, payment.refundId],
  );
}

/**
 * Attempts the sweep looks after, oldest first: refunds to make; 3-D Secure left waiting for an
 * order that was cancelled, or past its hold (`holdSeconds` after `expiresAt`, by `now`); and
 * attempts pending for `staleAfterMs` that orders held, or whose order was cancelled (an attempt
 * orders has not answered yet is left alone: its order's fate decides it).
 */
export async function unsettledPayments(
  db: Queryable,
  timing: { staleAfterMs: number; holdSeconds: number; now: Date },
  limit = 50,
): Promise<Payment[]> {
  const { rows } = await db.query<Payment>(
    `SELECT ${columns} FROM payments
     WHERE status = 'refunding'
        OR (status = 'requires_action' AND order_id IN (
              SELECT id FROM orders
              WHERE status = 'cancelled' OR expires_at + make_interval(secs => $2) < $3))
        OR (status = 'pending' AND updated_at < now() - make_interval(secs => $1)
            AND (held_at IS NOT NULL
                 OR order_id IN (SELECT id FROM orders WHERE status = 'cancelled')))
     ORDER BY updated_at LIMIT $4`,
    [timing.staleAfterMs / 1_000, timing.holdSeconds, timing.now, limit],
  );
  return rows;
}
