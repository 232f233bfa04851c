import {
  type ExpirationComplete,
  type Handler,
  PoisonMessageError,
  RetryLaterError,
} from "@microtickets/common";
import { isOpen } from "../domain/order.js";
import { cancelLockedOrder } from "../domain/order-changes.js";
import { lockOrder } from "../domain/orders.js";

/**
 * An order's lock ran out: cancel it, unless it was paid (or cancelled) meanwhile. The lock is
 * orders' promise, kept by orders' clock: an expiration that arrives early (the expiration
 * service's clock running ahead) waits until `expiresAt` has passed here too.
 */
export function expireOrder(clock: () => Date): Handler<typeof ExpirationComplete> {
  return async (data, { tx, logger }) => {
    const order = await lockOrder(tx, data.orderId);
    // Expiration only learns of orders from our own order.created: this one never existed here.
    if (!order) throw new PoisonMessageError(`order ${data.orderId} is unknown`);
    if (isOpen(order) && clock() < order.expiresAt) {
      throw new RetryLaterError(
        `order ${order.id} is locked until ${order.expiresAt.toISOString()}`,
      );
    }
    const { kind } = await cancelLockedOrder(tx, order);
    const fields = { orderId: order.id, was: order.status };
    if (kind === "move") logger.info(fields, "order lock expired, order cancelled");
    else logger.info(fields, "order lock expired after the order was settled, nothing to do");
  };
}
