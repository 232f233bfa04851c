import { type Handler, type PaymentActionRequired, PoisonMessageError } from "@microtickets/common";
import { isOpen, OrderStatus } from "../domain/order.js";
import { followPaymentAttempts } from "../domain/order-changes.js";
import { lockOrder } from "../domain/orders.js";
import { recordAwaitingAttempt } from "../domain/payment-attempts.js";

/** A payment attempt waits for the buyer's 3-D Secure: the open order is awaiting:payment. */
export const awaitBuyerAction: Handler<typeof PaymentActionRequired> = async (
  data,
  { tx, logger },
) => {
  const order = await lockOrder(tx, data.orderId);
  // Payments only learns of orders from our own order.created: this one never existed here.
  if (!order) throw new PoisonMessageError(`order ${data.orderId} is unknown`);
  await recordAwaitingAttempt(tx, { id: data.id, orderId: order.id });
  const transition = await followPaymentAttempts(tx, order);
  const now = transition.kind === "move" ? transition.to : order;
  const fields = { orderId: order.id, paymentId: data.id, was: order.status, is: now.status };
  if (transition.kind === "move") logger.info(fields, "payment awaits the buyer's action");
  else if (!isOpen(order)) logger.info(fields, "payment awaits action on a settled order, ignored");
  else if (now.status === OrderStatus.AwaitingPayment) {
    logger.info(fields, "order was already awaiting payment");
  }
  // Its payment.failed, on another consumer, was applied first: the failure stands.
  else logger.info(fields, "payment attempt had already failed, order stays created");
};
