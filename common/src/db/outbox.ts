import type { Event } from "../events/index.js";
import type { Queryable } from "./pool.js";

/** What a trigger on the outbox NOTIFYs at commit (common migration 004), waking the relay. */
export const OUTBOX_CHANNEL = "outbox";

const INSERT = "INSERT INTO outbox (id, subject, occurred_at, data)";

function rows(events: readonly Event[]): unknown[] {
  return [
    events.map((event) => event.id),
    events.map((event) => event.subject),
    events.map((event) => event.occurredAt),
    events.map((event) => JSON.stringify(event.data)),
  ];
}

function unnest(first: number): string {
  const [a, b, c, d] = [first, first + 1, first + 2, first + 3];
  return `unnest($${a}::uuid[], $${b}::text[], $${c}::timestamptz[], $${d}::jsonb[])`;
}

/**
 * Records events to publish, inside the caller's transaction: they leave if and only if
 * the change they announce commits.
 */
export async function addToOutbox(tx: Queryable, ...events: Event[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query({
    name: "outbox-add",
    text: `${INSERT} SELECT * FROM ${unnest(1)}`,
    values: rows(events),
  });
}

/**
 * The same, as the last part of one statement whose CTE `change` made the change: the events
 * are added only if `change` returned a row (with `changedRows`, exactly that many; a caller
 * then tells a partial change by a row count of 0). One statement is atomic by itself, so a hot
 * path (placing an order) needs one round trip instead of BEGIN, change, outbox, COMMIT. `name`
 * makes it a prepared statement (parsed and planned once per connection): one per call site.
 */
export function outboxAfter(
  name: string,
  change: string,
  params: readonly unknown[],
  events: readonly Event[],
  changedRows?: number,
): { name: string; text: string; values: unknown[] } {
  const first = params.length + 1;
  const condition =
    changedRows === undefined
      ? "EXISTS (SELECT 1 FROM change)"
      : `(SELECT count(*) FROM change) = $${first + 4}`;
  return {
    name,
    text: `WITH change AS (${change})
      ${INSERT} SELECT e.* FROM ${unnest(first)} AS e WHERE ${condition}`,
    values: [...params, ...rows(events), ...(changedRows === undefined ? [] : [changedRows])],
  };
}
