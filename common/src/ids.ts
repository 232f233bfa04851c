import { createHash } from "node:crypto";

/**
 * A UUID (version 5 layout, SHA-1) derived from a name: the same name always gives the same id.
 * It turns "the same request again" into "the same row / event / Stripe call again", so a
 * repeat is caught by a primary key or a duplicate window instead of doing the work twice.
 */
export function uuidFromName(name: string): string {
  const hash = createHash("sha1").update(name).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The one id check: whether `value` is a UUID (any version) as PostgreSQL's uuid type reads
 * it. Ids in paths and bodies are checked with this before they reach a query, so a malformed
 * one is a 404 or 400, never a database error.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
