import type { Pool } from "@microtickets/common";

/** What the routes need, built once in index.ts (or by a test). */
export interface OrdersDeps {
  db: Pool;
  /** The current time, injected so tests control the lock. */
  clock: () => Date;
  /** How long a new order locks its ticket. */
  lockSeconds: number;
}
