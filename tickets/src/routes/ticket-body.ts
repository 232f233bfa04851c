import { dollarsToCents, ValidationError } from "@microtickets/common";
import type { Request } from "express";
import { body } from "express-validator";
import { PRICE_MAX_CENTS, PRICE_MIN_CENTS, TITLE_MAX_LENGTH } from "../domain/ticket.js";

const PRICE_MESSAGE =
  "Price must be a number of dollars from 0.50 to 1000000 with at most 2 decimals";

/** Exact cents of an acceptable price, or undefined (not a price, 3 decimals, out of range). */
export function ticketPriceCents(price: unknown): number | undefined {
  const cents = dollarsToCents(price);
  return cents !== undefined && cents >= PRICE_MIN_CENTS && cents <= PRICE_MAX_CENTS
    ? cents
    : undefined;
}

const CONTROL_CHARACTER = /\p{Cc}/u;

/** The body of POST and PUT: `{title, price}`; the title is stored trimmed. */
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
];

/** The validated body, price in cents; for handlers behind `ticketBody` and validateRequest. */
export function readTicketBody(req: Request): { title: string; priceCents: number } {
  const { title, price } = req.body as { title: string; price: unknown };
  const priceCents = ticketPriceCents(price);
  if (priceCents === undefined) throw ValidationError.field("price", PRICE_MESSAGE);
  return { title, priceCents };
}
