import type { Queryable } from "./pool.js";

/**
 * Claims events for a consumer inside the transaction that applies them, and returns the ids
 * that were new. One missing from the set was applied before (a redelivery): the caller changes
 * nothing for it and acks.
 */
export async function claimEvents(
  tx: Queryable,
  consumer: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  const { rows } = await tx.query<{ event_id: string }>({
    name: "claim-events",
    text: `INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::uuid[])
      ON CONFLICT DO NOTHING RETURNING event_id`,
    values: [consumer, eventIds],
  });
  return new Set(rows.map((row) => row.event_id));
}
