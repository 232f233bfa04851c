import type { Pool } from "@microtickets/common";

/** What the routes need, built once in index.ts (or by a test). */
export interface TicketsDeps {
  db: Pool;
}
