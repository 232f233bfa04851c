import {
  ConflictError,
  type DataOf,
  ForbiddenError,
  type TicketCreated,
} from "@microtickets/common";

export type TicketStatus = "available" | "reserved" | "sold";

/** The kind of event a ticket is for; the catalog's event schema is the one definition. */
export type TicketCategory = DataOf<typeof TicketCreated>["category"];

// A record, so the compiler names a category the catalog gains and this list lacks.
const categoryNames: Record<TicketCategory, true> = {
  concerts: true,
  sports: true,
  theatre: true,
  comedy: true,
  festivals: true,
  other: true,
};
export const TICKET_CATEGORIES = Object.keys(categoryNames) as readonly TicketCategory[];

export const isTicketCategory = (value: unknown): value is TicketCategory =>
  typeof value === "string" && Object.hasOwn(categoryNames, value);

export const DEFAULT_CATEGORY: TicketCategory = "other";

export interface Ticket {
  id: string;
  title: string;
  priceCents: number;
  userId: string;
  status: TicketStatus;
  /** The locking (reserved) or buying (sold) order; null while available. */
  orderId: string | null;
  version: number;
  category: TicketCategory;
  /** Where the event takes place; "" when the seller did not say. */
  venue: string;
  /** When the event starts; null when the seller did not say. */
  startsAt: Date | null;
}

/** What a seller says about a ticket: the rest (status, order, version) the marketplace decides. */
export type TicketDetails = Pick<
  Ticket,
  "title" | "priceCents" | "category" | "venue" | "startsAt"
>;

/** A listing or an edit: title and price always; the event fields only when the seller gave them. */
export type TicketDetailsInput = Pick<TicketDetails, "title" | "priceCents"> &
  Partial<Pick<TicketDetails, "category" | "venue" | "startsAt">>;

/** A new listing: the event fields not given are the contract's defaults. */
export function newTicketDetails(input: TicketDetailsInput): TicketDetails {
  return {
    title: input.title,
    priceCents: input.priceCents,
    category: input.category ?? DEFAULT_CATEGORY,
    venue: input.venue ?? "",
    startsAt: input.startsAt === undefined ? null : input.startsAt,
  };
}

/**
 * An edit: an event field the body leaves out keeps its value, so a client that only knows
 * `{title, price}` never wipes the venue and date a seller set elsewhere. Clearing takes an
 * explicit `""` or `null`.
 */
export function editedTicketDetails(current: Ticket, input: TicketDetailsInput): TicketDetails {
  return {
    title: input.title,
    priceCents: input.priceCents,
    category: input.category ?? current.category,
    venue: input.venue ?? current.venue,
    startsAt: input.startsAt === undefined ? current.startsAt : input.startsAt,
  };
}

export const TITLE_MAX_LENGTH = 200;
export const VENUE_MAX_LENGTH = 200;
/** Stripe's smallest USD charge. */
export const PRICE_MIN_CENTS = 50;
/** Stripe's largest single USD charge: a dearer ticket could never be paid for. */
export const PRICE_MAX_CENTS = 99_999_999;

/**
 * Only the seller edits, and only while nobody holds the ticket: a buyer who locked it pays the
 * price they saw. Throws the refusal the API answers with.
 */
export function assertEditableBy(ticket: Ticket, userId: string): void {
  if (ticket.userId !== userId) throw new ForbiddenError("Only the seller can edit a ticket");
  if (ticket.status === "reserved") throw new ConflictError("Ticket is reserved");
  if (ticket.status === "sold") throw new ConflictError("Ticket is sold");
}
