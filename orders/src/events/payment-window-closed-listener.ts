import { type Handler, type PaymentWindowClosed, PoisonMessageError } from "@microtickets/common";
import { isOpen } from "../domain/order.js";
import { expireLockedOrder } from "../domain/order-changes.js";
import { recordPaymentsClosed } from "../domain/order-expiries.js";
import { lockOrder } from "../domain/orders.js";

/**
 * Payments answered our order.lock-expired: no payment accepted in time can come for the order any
 * more, so its lock's end applies now. An attempt that holds the order still decides it: its
 * payment.failed cancels it then (see `recordFailedPayment`).
 */
export function cancelExpiredOrder(
  clock: () => Date,
  holdSeconds: number,
): Handler<typeof PaymentWindowClosed> {
  return async (data, { tx, logger }) => {
    const order = await lockOrder(tx, data.orderId);
    // Payments only learns of orders from our own events: this one never existed here.
    if (!order) throw new PoisonMessageError(`order ${data.orderId} is unknown`);
    await recordPaymentsClosed(tx, order.id);
    const now = clock();
    const fields = { orderId: order.id, was: order.status };
    if (!isOpen(order) || now < order.expiresAt) {
      logger.info(fields, "payments closed an order that is settled or not due, nothing to do");
      return;
    }
    const transition = await expireLockedOrder(tx, order, { now, holdSeconds });
    if (transition.kind === "move") logger.info(fields, "payments closed, expired order cancelled");
    else logger.info(fields, `payments closed, order kept: ${transition.reason}`);
  };
}
