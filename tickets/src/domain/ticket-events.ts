import { TicketCreated, TicketUpdated } from "@microtickets/common";
import type { Ticket } from "./ticket.js";

export const ticketCreated = (ticket: Ticket) =>
  TicketCreated.build({
    id: ticket.id,
    title: ticket.title,
    priceCents: ticket.priceCents,
    userId: ticket.userId,
    version: ticket.version,
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
  });
