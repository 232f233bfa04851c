/**
 * Where a page of the listing ends: the last ticket's creation time and id, the keyset the
 * listing is ordered by. Opaque to clients (base64url), checked field by field when it comes
 * back, because a client can send anything.
 */
export interface ListingPosition {
  /** PostgreSQL's own microseconds, in UTC: a JS Date would round them to milliseconds. */
  createdAt: string;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;
const POSITION =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{3})\d{3}Z\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeCursor({ createdAt, id }: ListingPosition): string {
  return Buffer.from(`${createdAt}|${id}`, "utf8").toString("base64url");
}

/** The position a cursor names, or undefined for anything this service did not make. */
export function decodeCursor(cursor: string): ListingPosition | undefined {
  if (!BASE64URL.test(cursor)) return undefined;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = POSITION.exec(text);
  if (!match) return undefined;
  const [, seconds, millis, id] = match;
  // A real calendar time PostgreSQL can hold: 2024-02-30, 25:00 or the year 0 (JavaScript's
  // 1 BC, which PostgreSQL has no number for) would otherwise reach it and fail there.
  const iso = `${seconds}.${millis}Z`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== iso) return undefined;
  if (date.getUTCFullYear() < 1) return undefined;
  return { createdAt: text.slice(0, text.indexOf("|")), id: id as string };
}
