/**
 * Money is integer cents inside the system and a decimal number of dollars at the API edge.
 * Converting through the decimal text, never by multiplying: 0.57 * 100 is 56.99999999999999.
 */

const DOLLARS = /^(0|[1-9]\d{0,15})(?:\.(\d{1,2}))?$/;

/**
 * The exact cents of a dollar amount with at most two decimals, given as a JSON number or a
 * decimal string; undefined for anything else (1e-7, 1.005, "12,50", NaN).
 */
export function dollarsToCents(value: unknown): number | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : "";
  const match = DOLLARS.exec(text);
  if (!match) return undefined;
  const [, whole = "0", fraction = ""] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return Number.isSafeInteger(cents) ? cents : undefined;
}

/** Dollars as a JSON number: 1999 → 19.99 (division gives the nearest double, printed exactly). */
export function centsToDollars(cents: number): number {
  return cents / 100;
}
