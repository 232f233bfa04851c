import { z } from "zod";
import { defineEvent, id } from "./event.js";
import { Subjects } from "./subjects.js";

/**
 * A payment waits for the buyer to authenticate (3-D Secure): orders shows the order as
 * `awaiting:payment`. Its lock still runs out at `expiresAt`.
 */
export const PaymentActionRequired = defineEvent(
  Subjects.PaymentActionRequired,
  z.object({ id, orderId: id, stripeId: z.string().min(1) }),
);
