import type { FormErrors } from "./api-errors";
import { type Category, isCategory } from "./catalog";
import { wallTimeToIso } from "./event-time";
import { textField } from "./form-input";
import { centsToApiPrice, parsePriceInput } from "./money";

/** The API's ticket fields, by the name of the form field that edits each. */
export const TICKET_FORM_FIELDS = {
  title: "title",
  price: "price",
  category: "category",
  venue: "venue",
  startsAt: "date",
};

export interface TicketBody {
  title: string;
  price: number;
  category: Category;
  venue: string;
  startsAt: string | null;
}

export type TicketFormRead =
  | { ok: true; body: TicketBody; values: Record<string, string> }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

/**
 * The sell and edit forms, checked as the API will check them, so most mistakes are answered
 * without a round trip and in the form's words. `date` is a `datetime-local` value read in the
 * storefront's time zone.
 */
export function readTicketForm(form: FormData, timeZone: string, nowMs: number): TicketFormRead {
  const values = {
    title: (textField(form, "title", 1000) ?? "").trim(),
    price: textField(form, "price", 100) ?? "",
    category: textField(form, "category", 100) ?? "",
    venue: (textField(form, "venue", 1000) ?? "").trim(),
    date: textField(form, "date", 100) ?? "",
  };
  const fields: Record<string, string> = {};

  if (values.title === "") fields.title = "Enter a title";
  else if (values.title.length > 200) fields.title = "The title can be at most 200 characters";

  const price = parsePriceInput(values.price);
  if (!price.ok) fields.price = price.message;

  if (!isCategory(values.category)) fields.category = "Choose a category";

  if (values.venue.length > 200) fields.venue = "The venue can be at most 200 characters";

  let startsAt: string | null = null;
  if (values.date !== "") {
    startsAt = wallTimeToIso(values.date, timeZone);
    if (startsAt === null) fields.date = "Enter a date and time that exists";
    else if (Date.parse(startsAt) <= nowMs) fields.date = "The date must be in the future";
  }

  if (Object.keys(fields).length > 0 || !price.ok || !isCategory(values.category)) {
    return { ok: false, errors: { fields, alert: null }, values };
  }
  return {
    ok: true,
    body: {
      title: values.title,
      price: centsToApiPrice(price.cents),
      category: values.category,
      venue: values.venue,
      startsAt,
    },
    values,
  };
}
