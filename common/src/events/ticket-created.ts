import { z } from "zod";
import { cents, defineEvent, id, version } from "./event.js";
import { Subjects } from "./subjects.js";

/**
 * The event a ticket is for. Added after the first release, so each field has a default: a
 * message published before it still parses (as `other`, no venue, no date), and a consumer
 * that does not know the fields (orders, payments) keeps ignoring them.
 */
export const ticketEventFields = {
  category: z
    .enum(["concerts", "sports", "theatre", "comedy", "festivals", "other"])
    .default("other"),
  venue: z.string().max(200).default(""),
  /** ISO 8601 with milliseconds (Date#toISOString), or null when the date is not known. */
  startsAt: z.iso.datetime({ offset: true }).nullable().default(null),
};

/** A seller listed a ticket. Version 0, available. */
export const TicketCreated = defineEvent(
  Subjects.TicketCreated,
  z.object({
    id,
    title: z.string(),
    priceCents: cents,
    userId: id,
    version,
    ...ticketEventFields,
  }),
);
