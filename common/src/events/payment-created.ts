import { z } from "zod";
import { cents, defineEvent, id } from "./event.js";
import { Subjects } from "./subjects.js";

/** A charge for an order succeeded. */
export const PaymentCreated = defineEvent(
  Subjects.PaymentCreated,
  z.object({ id, orderId: id, stripeId: z.string().min(1), amountCents: cents }),
);
