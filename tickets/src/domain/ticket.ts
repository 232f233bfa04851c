import { ConflictError, ForbiddenError } from "@microtickets/common";

export type TicketStatus = "available" | "reserved" | "sold";

export interface Ticket {
  id: string;
  title: string;
  priceCents: number;
  userId: string;
  status: TicketStatus;
  /** The locking (reserved) or buying (sold) order; null while available. */
  orderId: string | null;
  version: number;
}

export const TITLE_MAX_LENGTH = 200;
/** Stripe's smallest USD charge. */
export const PRICE_MIN_CENTS = 50;
export const PRICE_MAX_CENTS = 100_000_000;

/**
 * Only the seller edits, and only while nobody holds the ticket: a buyer who locked it pays the
 * price they saw. Throws the refusal the API answers with.
 */
export function assertEditableBy(ticket: Ticket, userId: string): void {
  if (ticket.userId !== userId) throw new ForbiddenError("Only the seller can edit a ticket");
  if (ticket.status === "reserved") throw new ConflictError("Ticket is reserved");
  if (ticket.status === "sold") throw new ConflictError("Ticket is sold");
}
