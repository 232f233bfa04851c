import type { Queryable } from "./pool.js";

/**
 * Claims an event for a consumer inside the transaction that applies it. False means it was
 * applied before (a redelivery): the caller changes nothing and acks.
 */
export async function claimEvent(
  tx: Queryable,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const result = await tx.query(
    "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    [consumer, eventId],
  );
  return result.rowCount === 1;
}
