import { z } from "zod";
import { defineEvent, id, version } from "./event.js";
import { Subjects } from "./subjects.js";

/** The buyer cancelled or the lock expired: the ticket may be released, a payment refunded. */
export const OrderCancelled = defineEvent(
  Subjects.OrderCancelled,
  z.object({ id, userId: id, version, ticket: z.object({ id }) }),
);
