import { type ErrorItem, ValidationError } from "@microtickets/common";
import type { Request } from "express";
import { decodeCursor, type ListingPosition } from "../domain/cursor.js";
import { LISTING_DEFAULT_LIMIT, LISTING_MAX_LIMIT } from "../domain/listing.js";
import { isTicketCategory, TICKET_CATEGORIES, type TicketCategory } from "../domain/ticket.js";

export const SEARCH_MAX_LENGTH = 100;

/** The query of GET /api/tickets, checked. */
export interface ListingQuery {
  limit: number;
  after: ListingPosition | undefined;
  /** The search, trimmed, control characters read as spaces. */
  q: string | undefined;
  category: TicketCategory | undefined;
  /** `seller=me`: the caller's own tickets. */
  mine: boolean;
}

const LIMIT = /^\d{1,3}$/;
const CONTROL_CHARACTERS = /\p{Cc}+/gu;

/**
 * `?limit=&cursor=&q=&category=&seller=` of GET /api/tickets. A repeated parameter arrives as
 * an array: refused, like any value this listing does not know.
 */
export function readListingQuery(req: Request): ListingQuery {
  const { limit: rawLimit, cursor: rawCursor, q: rawQ, category: rawCategory } = req.query;
  const errors: ErrorItem[] = [];

  let limit = LISTING_DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    limit = typeof rawLimit === "string" && LIMIT.test(rawLimit) ? Number(rawLimit) : 0;
    if (limit < 1 || limit > LISTING_MAX_LIMIT) {
      errors.push({
        field: "limit",
        message: `Limit must be a whole number from 1 to ${LISTING_MAX_LIMIT}`,
      });
    }
  }

  let after: ListingPosition | undefined;
  if (rawCursor !== undefined) {
    after = typeof rawCursor === "string" ? decodeCursor(rawCursor) : undefined;
    if (!after) errors.push({ field: "cursor", message: "Cursor is not one this listing gave" });
  }

  let q: string | undefined;
  if (rawQ !== undefined) {
    // A tab or a newline pasted into the search box separates words like a space; a NUL
    // would not even reach PostgreSQL.
    q = typeof rawQ === "string" ? rawQ.replace(CONTROL_CHARACTERS, " ").trim() : "";
    const length = [...q].length;
    if (length < 1 || length > SEARCH_MAX_LENGTH) {
      errors.push({
        field: "q",
        message: `Search must be from 1 to ${SEARCH_MAX_LENGTH} characters`,
      });
    }
  }

  let category: TicketCategory | undefined;
  if (rawCategory !== undefined) {
    if (isTicketCategory(rawCategory)) category = rawCategory;
    else {
      errors.push({
        field: "category",
        message: `Category must be one of ${TICKET_CATEGORIES.join(", ")}`,
      });
    }
  }

  const { seller } = req.query;
  if (seller !== undefined && seller !== "me") {
    errors.push({ field: "seller", message: 'Seller must be "me"' });
  }

  if (errors.length > 0) throw new ValidationError(errors);
  return { limit, after, q, category, mine: seller === "me" };
}

/** The URL of the page after `cursor`, with the same filters: what the Link header names. */
export function nextPageUrl(query: ListingQuery, cursor: string): string {
  const params = new URLSearchParams();
  if (query.q !== undefined) params.set("q", query.q);
  if (query.category !== undefined) params.set("category", query.category);
  if (query.mine) params.set("seller", "me");
  params.set("limit", String(query.limit));
  params.set("cursor", cursor);
  return `/api/tickets?${params}`;
}
