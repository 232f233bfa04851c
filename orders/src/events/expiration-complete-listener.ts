import {
  type ExpirationComplete,
  type Handler,
  PoisonMessageError,
  RetryLaterError,
} from "@microtickets/common";
import { isOpen } from "../domain/order.js";
import { expireLockedOrder } from "../domain/order-changes.js";
import { lockOrder } from "../domain/orders.js";

/**
 * An order's lock ran out: cancel it, unless it was paid (or cancelled) meanwhile, or a payment
 * accepted in time may still come for it (see `expireLockedOrder`). The lock is orders' promise,
 * kept by orders' clock: an expiration that arrives early (the expiration service's clock running
 * ahead) waits until `expiresAt` has passed here too.
 */
export function expireOrder(
  clock: () => Date,
  holdSeconds: number,
): Handler<typeof ExpirationComplete> {
  return async (data, { tx, logger }) => {
    const order = await lockOrder(tx, data.orderId);
    // Expiration only learns of orders from our own order.created: this one never existed here.
    if (!order) throw new PoisonMessageError(`order ${data.orderId} is unknown`);
    const now = clock();
    if (isOpen(order) && now < order.expiresAt) {
      throw new RetryLaterError(
        `order ${order.id} is locked until ${order.expiresAt.toISOString()}`,
      );
    }
    const transition = await expireLockedOrder(tx, order, { now, holdSeconds });
    const fields = { orderId: order.id, was: order.status };
    if (transition.kind === "move") logger.info(fields, "order lock expired, order cancelled");
    // The attempt's end, or payments' answer (payment.window-closed), cancels it later.
    else if (transition.kind === "wait")
      logger.info(fields, `order lock expired, ${transition.reason}`);
    else logger.info(fields, "order lock expired after the order was settled, nothing to do");
  };
}
