import { centsToDollars } from "@microtickets/common";
import type { Ticket, TicketCategory, TicketStatus } from "./ticket.js";

/**
 * A ticket as the API shows it: the price in dollars, the date as ISO 8601 with milliseconds.
 * From a ticket.created/ticket.updated payload: `ticketJson(ticketFromEvent(data))`
 * (domain/ticket-events.ts), the same JSON the routes answer with at that version.
 */
export interface TicketJson {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
  orderId: string | null;
  status: TicketStatus;
  category: TicketCategory;
  venue: string;
  startsAt: string | null;
}

export function ticketJson(ticket: Ticket): TicketJson {
  return {
    id: ticket.id,
    title: ticket.title,
    price: centsToDollars(ticket.priceCents),
    userId: ticket.userId,
    version: ticket.version,
    orderId: ticket.orderId,
    status: ticket.status,
    category: ticket.category,
    venue: ticket.venue,
    startsAt: ticket.startsAt?.toISOString() ?? null,
  };
}
