import { dollarsToCents, ValidationError } from "@microtickets/common";
import type { Request } from "express";
import { body } from "express-validator";
import { parseDateTime } from "../domain/date-time.js";
import {
  isTicketCategory,
  PRICE_MAX_CENTS,
  PRICE_MIN_CENTS,
  TICKET_CATEGORIES,
  TITLE_MAX_LENGTH,
  type TicketDetailsInput,
  VENUE_MAX_LENGTH,
} from "../domain/ticket.js";

const PRICE_MESSAGE =
  "Price must be a number of dollars from 0.50 to 999999.99 with at most 2 decimals";
const STARTS_AT_MESSAGE =
  "Date must be an ISO 8601 date-time with its time zone, such as 2030-06-01T20:00:00Z";

/** Exact cents of an acceptable price, or undefined (not a price, 3 decimals, out of range). */
export function ticketPriceCents(price: unknown): number | undefined {
  const cents = dollarsToCents(price);
  return cents !== undefined && cents >= PRICE_MIN_CENTS && cents <= PRICE_MAX_CENTS
    ? cents
    : undefined;
}

/** The instant a given `startsAt` names: null (no date), a Date, or undefined when it is bad. */
function startsAtOf(value: unknown): Date | null | undefined {
  if (value === null) return null;
  return typeof value === "string" ? parseDateTime(value) : undefined;
}

const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * The body of POST and PUT: `{title, price}`, and the event fields `category`, `venue`,
 * `startsAt` when given (an absent one is the default on POST, the current value on PUT).
 * Strings are stored trimmed.
 */
export const ticketBody = [
  body("title")
    .isString()
    .withMessage("Title is required")
    .bail()
    .trim()
    .notEmpty()
    .withMessage("Title is required")
    .bail()
    // Counted in code points, as PostgreSQL's char_length does, not in UTF-16 units.
    .custom((title: string) => [...title].length <= TITLE_MAX_LENGTH)
    .withMessage(`Title must be at most ${TITLE_MAX_LENGTH} characters`)
    .bail()
    // A title is one line; a NUL would not even fit in a PostgreSQL text.
    .custom((title: string) => !CONTROL_CHARACTER.test(title))
    .withMessage("Title must not contain control characters"),
  body("price")
    .custom((price: unknown) => ticketPriceCents(price) !== undefined)
    .withMessage(PRICE_MESSAGE),
  body("category")
    .optional()
    .custom(isTicketCategory)
    .withMessage(`Category must be one of ${TICKET_CATEGORIES.join(", ")}`),
  body("venue")
    .optional()
    .isString()
    .withMessage("Venue must be text")
    .bail()
    .trim()
    .custom((venue: string) => [...venue].length <= VENUE_MAX_LENGTH)
    .withMessage(`Venue must be at most ${VENUE_MAX_LENGTH} characters`)
    .bail()
    .custom((venue: string) => !CONTROL_CHARACTER.test(venue))
    .withMessage("Venue must not contain control characters"),
  body("startsAt")
    .optional()
    .custom((value: unknown) => startsAtOf(value) !== undefined)
    .withMessage(STARTS_AT_MESSAGE)
    .bail()
    // Checked on every create and edit that gives a date: nobody buys a ticket for the past.
    .custom((value: unknown) => {
      const startsAt = startsAtOf(value);
      return startsAt === null || (startsAt !== undefined && startsAt.getTime() > Date.now());
    })
    .withMessage("Date must be in the future"),
];

/** The validated body, price in cents; for handlers behind `ticketBody` and validateRequest. */
export function readTicketBody(req: Request): TicketDetailsInput {
  const { title, price, category, venue, startsAt } = req.body as Record<string, unknown>;
  const priceCents = ticketPriceCents(price);
  if (priceCents === undefined) throw ValidationError.field("price", PRICE_MESSAGE);
  const details: TicketDetailsInput = { title: title as string, priceCents };
  if (isTicketCategory(category)) details.category = category;
  if (typeof venue === "string") details.venue = venue;
  const instant = startsAtOf(startsAt);
  if (instant !== undefined) details.startsAt = instant;
  return details;
}
