import { z } from "zod";
import { cents, defineEvent, id, version } from "./event.js";
import { Subjects } from "./subjects.js";

/** A seller listed a ticket. Version 0. */
export const TicketCreated = defineEvent(
  Subjects.TicketCreated,
  z.object({
    id,
    title: z.string(),
    priceCents: cents,
    userId: id,
    version,
  }),
);
