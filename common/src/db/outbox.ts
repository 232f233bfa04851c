import type { Event } from "../events/index.js";
import type { Queryable } from "./pool.js";

export const OUTBOX_CHANNEL = "outbox";

/**
 * Records events to publish, inside the caller's transaction: they leave if and only if
 * the change they announce commits. NOTIFY is delivered at commit, waking the relay at once.
 */
export async function addToOutbox(tx: Queryable, ...events: Event[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO outbox (id, subject, occurred_at, data)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[])`,
    [
      events.map((event) => event.id),
      events.map((event) => event.subject),
      events.map((event) => event.occurredAt),
      events.map((event) => JSON.stringify(event.data)),
    ],
  );
  await tx.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
}
