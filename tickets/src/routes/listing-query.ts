import { type ErrorItem, ValidationError } from "@microtickets/common";
import type { Request } from "express";
import { decodeCursor, type ListingPosition } from "../domain/cursor.js";
import { LISTING_DEFAULT_LIMIT, LISTING_MAX_LIMIT } from "../domain/listing.js";

export interface ListingRequest {
  limit: number;
  after: ListingPosition | undefined;
}

const LIMIT = /^\d{1,3}$/;

/** `?limit=&cursor=` of GET /api/tickets; a repeated parameter arrives as an array: refused. */
export function readListingQuery(req: Request): ListingRequest {
  const { limit: rawLimit, cursor: rawCursor } = req.query;
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

  if (errors.length > 0) throw new ValidationError(errors);
  return { limit, after };
}
