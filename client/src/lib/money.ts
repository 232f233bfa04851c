/**
 * Money in the storefront: integer cents inside, `$42.50` on screen, a decimal number of dollars
 * at the API. Every conversion goes through decimal text, never through multiplying a float
 * (0.57 * 100 is 56.99999999999999).
 */

/** The API's bounds: Stripe's smallest and largest single USD charge. */
export const MIN_PRICE_CENTS = 50;
export const MAX_PRICE_CENTS = 99_999_999;

// "42", "42.5", "42.50", ".50", "1,234.56" (commas only as thousands separators), an optional "$".
const TYPED_DOLLARS = /^\$?\s*(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d{1,2}))?$/;
// What JSON.stringify prints for a price the API sends: no exponent, at most two decimals.
const API_DOLLARS = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

export type PriceParse = { ok: true; cents: number } | { ok: false; message: string };

/** A price a seller typed, checked against the API's rules so the message can name the fix. */
export function parsePriceInput(text: string): PriceParse {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, message: "Enter a price" };
  const match = TYPED_DOLLARS.exec(trimmed);
  const whole = match?.[1];
  const fraction = match?.[2];
  if (!match || (whole === undefined && fraction === undefined)) {
    return { ok: false, message: "Enter a price in dollars, like 42.50" };
  }
  const digits = (whole ?? "0").replaceAll(",", "");
  if (digits.length > 9) return { ok: false, message: "The price can be at most $999,999.99" };
  const cents = Number(digits) * 100 + Number((fraction ?? "").padEnd(2, "0"));
  if (cents < MIN_PRICE_CENTS) return { ok: false, message: "The price must be at least $0.50" };
  if (cents > MAX_PRICE_CENTS) {
    return { ok: false, message: "The price can be at most $999,999.99" };
  }
  return { ok: true, cents };
}

/** The API's price (a JSON number of dollars) in cents, exactly; NaN for a malformed one. */
export function apiPriceToCents(price: number): number {
  const match = API_DOLLARS.exec(String(price));
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** Cents as the API's JSON number: 1999 → 19.99 (the nearest double, which prints exactly). */
export function centsToApiPrice(cents: number): number {
  return cents / 100;
}

/** `$42.50`, `$999,999.99`: built from the integer cents so server and browser agree exactly. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) return "—";
  const whole = Math.floor(cents / 100);
  const fraction = String(cents % 100).padStart(2, "0");
  return `$${groupThousands(String(whole))}.${fraction}`;
}

/** The API's price on screen. */
export function formatPrice(price: number): string {
  return formatCents(apiPriceToCents(price));
}

/** The price as a form field's starting text: `42.50`, no symbol or separators. */
export function priceInputText(price: number): string {
  const cents = apiPriceToCents(price);
  if (Number.isNaN(cents)) return "";
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
