import { type Handler, type PaymentFailed, PoisonMessageError } from "@microtickets/common";
import { isOpen, OrderStatus } from "../domain/order.js";
import { expireLockedOrder, followPaymentAttempts } from "../domain/order-changes.js";
import { lockOrder } from "../domain/orders.js";
import { recordFailedAttempt } from "../domain/payment-attempts.js";

/**
 * A payment attempt ended without a charge (declined, or its authentication failed). The order
 * stays open for another attempt; it stops awaiting payment once no attempt waits for the buyer.
 * Every failure is recorded, plain declines too: this one's payment.action-required may still be
 * on its way, and must then find the attempt failed. An attempt that held the order past its
 * `expiresAt` lets it go: its lock's end applies then (see `expireLockedOrder`).
 */
export function recordFailedPayment(
  clock: () => Date,
  holdSeconds: number,
): Handler<typeof PaymentFailed> {
  return async (data, { tx, logger }) => {
    const order = await lockOrder(tx, data.orderId);
    // Payments only learns of orders from our own order.created: this one never existed here.
    if (!order) throw new PoisonMessageError(`order ${data.orderId} is unknown`);
    await recordFailedAttempt(tx, { id: data.id, orderId: order.id });
    const transition = await followPaymentAttempts(tx, order);
    const current = transition.kind === "move" ? transition.to : order;
    // The attempt held the order past its lock: with it over, the lock's end applies now.
    const now = clock();
    if (isOpen(current) && now >= current.expiresAt) {
      const expired = await expireLockedOrder(tx, current, { now, holdSeconds });
      if (expired.kind === "move") {
        logger.info(
          { orderId: order.id, paymentId: data.id },
          "payment failed after the lock ran out, order cancelled",
        );
        return;
      }
    }
    const fields = {
      orderId: order.id,
      paymentId: data.id,
      reason: data.reason,
      was: order.status,
      is: current.status,
    };
    if (transition.kind === "move")
      logger.info(fields, "payment failed, no payment awaits the buyer");
    else if (!isOpen(order)) logger.info(fields, "payment failed for a settled order, ignored");
    else if (current.status === OrderStatus.AwaitingPayment) {
      logger.info(fields, "payment failed, another payment still awaits the buyer");
    } else logger.info(fields, "payment failed, order stays created");
  };
}
