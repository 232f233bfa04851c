import type { Queryable } from "./pool.js";

/** An event a consumer gave up on, kept with its payload for an operator (002_inbox.sql). */
export interface DeadLetter {
  consumer: string;
  subject: string;
  eventId: string | undefined;
  deliveries: number;
  reason: string;
  payload: string;
}

export async function recordDeadLetter(db: Queryable, row: DeadLetter): Promise<void> {
  await db.query(
    `INSERT INTO dead_letters (consumer, subject, event_id, deliveries, reason, payload)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [row.consumer, row.subject, row.eventId ?? null, row.deliveries, row.reason, row.payload],
  );
}
