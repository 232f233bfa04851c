import { z } from "zod";
import { cents, defineEvent, id } from "./event.js";
import { Subjects } from "./subjects.js";

/** A charge was given back, e.g. because it raced the order's cancellation. */
export const PaymentRefunded = defineEvent(
  Subjects.PaymentRefunded,
  z.object({
    id,
    orderId: id,
    stripeId: z.string().min(1),
    refundId: z.string().min(1),
    amountCents: cents,
  }),
);
