import { centsToDollars } from "@microtickets/common";
import type { Ticket, TicketStatus } from "./ticket.js";

/** A ticket as the API shows it: the price in dollars. */
export interface TicketJson {
  id: string;
  title: string;
  price: number;
  userId: string;
  version: number;
  orderId: string | null;
  status: TicketStatus;
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
  };
}
