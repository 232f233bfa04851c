import type { Queryable } from "../db/pool.js";
import { eventually } from "./eventually.js";

interface Deadline {
  timeoutMs?: number;
}

/** Waits until a consumer of the service's database has applied the event (its inbox row). */
export function eventApplied(db: Queryable, eventId: string, deadline?: Deadline): Promise<true> {
  return eventually(async () => {
    const { rowCount } = await db.query("SELECT 1 FROM inbox WHERE event_id = $1", [eventId]);
    return rowCount === 1 || undefined;
  }, deadline);
}

/** Waits until a consumer has given up on the event, and returns its reason. */
export function eventDeadLettered(
  db: Queryable,
  eventId: string,
  deadline?: Deadline,
): Promise<string> {
  return eventually(async () => {
    const { rows } = await db.query<{ reason: string }>(
      "SELECT reason FROM dead_letters WHERE event_id = $1",
      [eventId],
    );
    return rows[0]?.reason;
  }, deadline);
}
