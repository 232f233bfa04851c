import { z } from "zod";
import { cents, defineEvent, id, version } from "./event.js";
import { Subjects } from "./subjects.js";
import { ticketEventFields } from "./ticket-created.js";

/** Any change to a ticket: an edit, a reservation, its release, its sale. Version + 1 each time. */
export const TicketUpdated = defineEvent(
  Subjects.TicketUpdated,
  z.object({
    id,
    title: z.string(),
    priceCents: cents,
    userId: id,
    version,
    status: z.enum(["available", "reserved", "sold"]),
    orderId: id.nullable(),
    ...ticketEventFields,
  }),
);
