import { z } from "zod";
import { defineEvent, id } from "./event.js";
import { Subjects } from "./subjects.js";

/**
 * A payment attempt ended without a charge: the card was declined, its authentication failed,
 * or Stripe refused the attempt outright (`stripeId` is null then: no PaymentIntent was made).
 * The order stays open, and the buyer may try another card.
 */
export const PaymentFailed = defineEvent(
  Subjects.PaymentFailed,
  z.object({ id, orderId: id, stripeId: z.string().min(1).nullable(), reason: z.string().min(1) }),
);
