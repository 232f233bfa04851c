import { type DataOf, TicketCreated, TicketUpdated } from "@microtickets/common";
import type { Ticket } from "./ticket.js";

export type TicketCreatedData = DataOf<typeof TicketCreated>;
export type TicketUpdatedData = DataOf<typeof TicketUpdated>;

/** The event fields as the catalog carries them: the date as an ISO string with milliseconds. */
const eventFields = (ticket: Ticket) => ({
  category: ticket.category,
  venue: ticket.venue,
  startsAt: ticket.startsAt?.toISOString() ?? null,
});

export const ticketCreated = (ticket: Ticket) =>
  TicketCreated.build({
    id: ticket.id,
    title: ticket.title,
    priceCents: ticket.priceCents,
    userId: ticket.userId,
    version: ticket.version,
    ...eventFields(ticket),
  });

/** The whole ticket after the change, so a consumer never needs an earlier update to apply it. */
export const ticketUpdated = (ticket: Ticket) =>
  TicketUpdated.build({
    id: ticket.id,
    title: ticket.title,
    priceCents: ticket.priceCents,
    userId: ticket.userId,
    version: ticket.version,
    status: ticket.status,
    orderId: ticket.orderId,
    ...eventFields(ticket),
  });

/**
 * The ticket an event describes, the inverse of ticketCreated/ticketUpdated: both carry the
 * whole ticket (a created one is available and held by no order), so whoever follows the bus
 * can show it as GET /api/tickets/:id would at that version: `ticketJson(ticketFromEvent(data))`.
 */
export function ticketFromEvent(data: TicketCreatedData | TicketUpdatedData): Ticket {
  return {
    id: data.id,
    title: data.title,
    priceCents: data.priceCents,
    userId: data.userId,
    version: data.version,
    status: "status" in data ? data.status : "available",
    orderId: "orderId" in data ? data.orderId : null,
    category: data.category,
    venue: data.venue,
    startsAt: data.startsAt === null ? null : new Date(data.startsAt),
  };
}
