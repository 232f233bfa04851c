import { z } from "zod";
import { cents, defineEvent, id, version } from "./event.js";
import { Subjects } from "./subjects.js";

/** A buyer locked a ticket until `expiresAt`. */
export const OrderCreated = defineEvent(
  Subjects.OrderCreated,
  z.object({
    id,
    userId: id,
    status: z.literal("created"),
    expiresAt: z.iso.datetime({ offset: true }),
    version,
    ticket: z.object({ id, priceCents: cents }),
  }),
);
