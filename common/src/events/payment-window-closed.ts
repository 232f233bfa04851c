import { z } from "zod";
import { defineEvent, id } from "./event.js";
import { Subjects } from "./subjects.js";

/**
 * Payments' answer to order.lock-expired: it takes no payment attempt for the order any more, and
 * none is open, so no payment accepted in time can lose to the lock running out. Orders cancels
 * the order now (unless an attempt's payment.started held it first).
 */
export const PaymentWindowClosed = defineEvent(
  Subjects.PaymentWindowClosed,
  z.object({ orderId: id }),
);
