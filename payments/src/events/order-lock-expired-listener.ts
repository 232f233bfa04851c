import {
  addToOutbox,
  type Handler,
  type OrderLockExpired,
  PaymentWindowClosed,
} from "@microtickets/common";
import { closeOrderReplica } from "../domain/order-replica.js";
import { isOpen } from "../domain/payment.js";
import { liveAttempt } from "../domain/payments.js";

/**
 * Orders' clock says the order's lock ran out, and orders asks before cancelling it. From now on
 * no attempt is accepted for it (under the order's lock, so none slips in between). With no
 * attempt open, payment.window-closed lets orders cancel it; an open attempt answers by its own
 * end instead (see `recordIntent`), having held the order or being about to.
 */
export const closePaymentWindow: Handler<typeof OrderLockExpired> = async (
  data,
  { tx, logger },
) => {
  await closeOrderReplica(tx, data);
  const live = await liveAttempt(tx, data.id);
  const fields = { orderId: data.id, paymentId: live?.id };
  if (live && isOpen(live)) {
    logger.info(fields, "order lock expired during a payment: the payment's end decides");
    return;
  }
  await addToOutbox(tx, PaymentWindowClosed.build({ orderId: data.id }));
  logger.info(fields, "order lock expired, no payment open: window closed");
};
