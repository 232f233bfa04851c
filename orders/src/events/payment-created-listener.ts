import { type Handler, type PaymentCreated, PoisonMessageError } from "@microtickets/common";
import { completeLockedOrder } from "../domain/order-changes.js";
import { lockOrder } from "../domain/orders.js";

/** A charge succeeded: the order is complete and its ticket sold. */
export const completePaidOrder: Handler<typeof PaymentCreated> = async (data, { tx, logger }) => {
  const order = await lockOrder(tx, data.orderId);
  // Payments only learns of orders from our own order.created: this one never existed here.
  if (!order) throw new PoisonMessageError(`order ${data.orderId} is unknown`);
  const { kind } = await completeLockedOrder(tx, order);
  const fields = { orderId: order.id, paymentId: data.id, was: order.status };
  if (kind === "move") logger.info(fields, "order paid, complete");
  else if (kind === "keep") logger.info(fields, "order was already complete");
  // The charge raced the order's cancellation; payments refunds it (its issue, not ours).
  else logger.warn(fields, "payment for a cancelled order, order left cancelled");
};
