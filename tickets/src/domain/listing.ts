import type { Queryable } from "@microtickets/common";
import { encodeCursor, type ListingPosition } from "./cursor.js";
import type { Ticket } from "./ticket.js";
import { TICKET_COLUMNS } from "./tickets.js";

export const LISTING_DEFAULT_LIMIT = 50;
export const LISTING_MAX_LIMIT = 100;

export interface ListingPage {
  tickets: Ticket[];
  /** The cursor of the next page; undefined on the last one. */
  next: string | undefined;
}

/**
 * One page of available tickets, newest first. Keyset pagination on (created_at, id): every
 * page is a range scan of the partial index tickets_available_newest, however deep the page,
 * and a ticket sold meanwhile does not shift the pages after it.
 */
export function listingQuery(limit: number, after?: ListingPosition) {
  const values: unknown[] = [limit + 1];
  let keyset = "";
  if (after) {
    values.push(after.createdAt, after.id);
    keyset = "AND (created_at, id) < ($2::timestamptz, $3::uuid)";
  }
  return {
    text: `SELECT ${TICKET_COLUMNS},
             to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt"
           FROM tickets
           WHERE status = 'available' ${keyset}
           ORDER BY created_at DESC, id DESC
           LIMIT $1`,
    values,
  };
}

export async function listAvailableTickets(
  db: Queryable,
  limit: number,
  after?: ListingPosition,
): Promise<ListingPage> {
  // One row more than asked says whether there is a next page, without counting.
  const { rows } = await db.query<Ticket & { createdAt: string }>(listingQuery(limit, after));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    tickets: page.map(({ createdAt: _, ...ticket }) => ticket),
    next:
      rows.length > limit && last
        ? encodeCursor({ createdAt: last.createdAt, id: last.id })
        : undefined,
  };
}
