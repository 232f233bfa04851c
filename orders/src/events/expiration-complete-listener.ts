import { type ExpirationComplete, type Handler, PoisonMessageError } from "@microtickets/common";
import { cancelLockedOrder } from "../domain/order-changes.js";
import { lockOrder } from "../domain/orders.js";

/** An order's lock ran out: cancel it, unless it was paid (or cancelled) meanwhile. */
export const expireOrder: Handler<typeof ExpirationComplete> = async (data, { tx, logger }) => {
  const order = await lockOrder(tx, data.orderId);
  // Expiration only learns of orders from our own order.created: this one never existed here.
  if (!order) throw new PoisonMessageError(`order ${data.orderId} is unknown`);
  const { outcome } = await cancelLockedOrder(tx, order);
  const fields = { orderId: order.id, was: order.status };
  if (outcome === "applied") logger.info(fields, "order lock expired, order cancelled");
  else logger.info(fields, "order lock expired after the order was settled, nothing to do");
};
