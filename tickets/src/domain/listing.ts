import type { Queryable } from "@microtickets/common";
import { encodeCursor, type ListingPosition } from "./cursor.js";
import type { Ticket, TicketCategory } from "./ticket.js";
import { TICKET_COLUMNS } from "./tickets.js";

export const LISTING_DEFAULT_LIMIT = 50;
export const LISTING_MAX_LIMIT = 100;

/** Which tickets a page shows: the available ones, or one seller's in every status. */
export interface ListingFilter {
  /** Words that must all be words of the title or the venue (any case, any accents). */
  words?: string;
  category?: TicketCategory;
  /** One seller's tickets, whatever their status; otherwise only available ones. */
  sellerId?: string;
}

export interface ListingRequest {
  limit: number;
  /** Where the previous page ended; the first page without it. */
  after?: ListingPosition;
  filter?: ListingFilter;
}

export interface ListingPage {
  tickets: Ticket[];
  /** The cursor of the next page; undefined on the last one. */
  next: string | undefined;
}

/** Words are letters or digits: a search of punctuation alone has none, and matches nothing. */
const WORD = /[\p{L}\p{N}]/u;

/**
 * One page, newest first. Keyset pagination on (created_at, id): a ticket sold meanwhile does
 * not shift the pages after it, and a deep page starts inside an index instead of counting
 * its way there. Every filter has an index that gives this order (tickets_available_newest,
 * tickets_available_category, tickets_seller_newest) except the words, which the planner takes
 * from tickets_available_search or by walking the newest-first index (see migration 003).
 */
export function listingQuery({ limit, after, filter = {} }: ListingRequest) {
  const values: unknown[] = [limit + 1];
  const param = (value: unknown) => `$${values.push(value)}`;
  const conditions =
    filter.sellerId === undefined
      ? ["status = 'available'"]
      : [`user_id = ${param(filter.sellerId)}::uuid`];
  if (filter.category !== undefined) conditions.push(`category = ${param(filter.category)}`);
  if (filter.words !== undefined) {
    // plainto_tsquery: the words as the column's own parser splits them, joined by AND;
    // nothing in them is query syntax.
    conditions.push(`search @@ plainto_tsquery('ticket_search', ${param(filter.words)})`);
  }
  if (after) {
    conditions.push(
      `(created_at, id) < (${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid)`,
    );
  }
  return {
    text: `SELECT ${TICKET_COLUMNS},
             to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt"
           FROM tickets
           WHERE ${conditions.join(" AND ")}
           ORDER BY created_at DESC, id DESC
           LIMIT $1`,
    values,
  };
}

export async function listTickets(db: Queryable, request: ListingRequest): Promise<ListingPage> {
  const { words } = request.filter ?? {};
  if (words !== undefined && !WORD.test(words)) return { tickets: [], next: undefined };
  // One row more than asked says whether there is a next page, without counting.
  const { rows } = await db.query<Ticket & { createdAt: string }>(listingQuery(request));
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  return {
    tickets: page.map(({ createdAt: _, ...ticket }) => ticket),
    next:
      rows.length > request.limit && last
        ? encodeCursor({ createdAt: last.createdAt, id: last.id })
        : undefined,
  };
}
