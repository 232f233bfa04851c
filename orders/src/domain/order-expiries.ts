import { addToOutbox, OrderLockExpired, type Queryable } from "@microtickets/common";
import type { Order } from "./order.js";

/*
 * The lock running out is decided with payments (order_expiries in 006_order_expiries.sql): a
 * payment attempt accepted before `expiresAt` may still be on its way (payment.started), and
 * paying in time wins. Callers hold the order's lock (`lockOrder`).
 */

/** Whether payments said it takes no attempt for the order and none is open. */
export async function paymentsClosed(tx: Queryable, orderId: string): Promise<boolean> {
  const { rows } = await tx.query<{ closed: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM order_expiries WHERE order_id = $1 AND payments_closed_at IS NOT NULL
     ) AS closed`,
    [orderId],
  );
  return rows[0]?.closed ?? false;
}

/** Asks payments about the order's expiry (order.lock-expired), once. */
export async function askPayments(tx: Queryable, order: Order): Promise<void> {
  const { rowCount } = await tx.query(
    "INSERT INTO order_expiries (order_id) VALUES ($1) ON CONFLICT (order_id) DO NOTHING",
    [order.id],
  );
  if (rowCount === 1) {
    await addToOutbox(tx, OrderLockExpired.build({ id: order.id, userId: order.userId }));
  }
}

/** Payments answered (payment.window-closed): no attempt in time can come for the order now. */
export async function recordPaymentsClosed(tx: Queryable, orderId: string): Promise<void> {
  await tx.query(
    `INSERT INTO order_expiries (order_id, payments_closed_at) VALUES ($1, now())
     ON CONFLICT (order_id) DO UPDATE
       SET payments_closed_at = COALESCE(order_expiries.payments_closed_at, now())`,
    [orderId],
  );
}
