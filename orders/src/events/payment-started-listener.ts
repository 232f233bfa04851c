import {
  addToOutbox,
  type Handler,
  OrderHeld,
  type PaymentStarted,
  PoisonMessageError,
} from "@microtickets/common";
import { isOpen } from "../domain/order.js";
import { lockOrder } from "../domain/orders.js";
import { recordStartedAttempt } from "../domain/payment-attempts.js";

/**
 * Payments accepted an attempt before the lock ran out: an open order is held for it, even past
 * its `expiresAt` (paying in time wins), and order.held tells payments it may charge. An order
 * cancelled first is not held: payments hears of the cancellation and charges nothing.
 */
export const holdOrderForPayment: Handler<typeof PaymentStarted> = async (data, { tx, logger }) => {
  const order = await lockOrder(tx, data.orderId);
  // Payments only learns of orders from our own order.created: this one never existed here.
  if (!order) throw new PoisonMessageError(`order ${data.orderId} is unknown`);
  const fields = { orderId: order.id, paymentId: data.id, status: order.status };
  if (!isOpen(order)) {
    logger.info(fields, "payment started for a settled order, not held");
    return;
  }
  if (await recordStartedAttempt(tx, { id: data.id, orderId: order.id })) {
    await addToOutbox(tx, OrderHeld.build({ id: order.id, paymentId: data.id }));
    logger.info(fields, "order held for a payment");
  } else {
    // Its payment.failed, on another consumer, came first: the attempt is over.
    logger.info(fields, "payment started after it ended, not held");
  }
};
