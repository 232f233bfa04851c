import { fileURLToPath } from "node:url";
import { createTestDatabase } from "@microtickets/common/testing";
import { listAvailableTickets } from "../../tickets/src/domain/listing.js";
import { summarize, timeSequential } from "./measure.js";

const ticketsMigrations = fileURLToPath(new URL("../../tickets/src/migrations", import.meta.url));

/**
 * GET /api/tickets' query on a table of `rows` tickets (a fifth of them sold): the first page,
 * a page half-way down through its cursor, and for contrast the same deep page by OFFSET.
 */
export async function listingAtScale(rows: number, samples: number) {
  const db = await createTestDatabase("bench_listing", ticketsMigrations);
  try {
    await db.pool.query(
      `INSERT INTO tickets (title, price_cents, user_id, status, order_id, created_at)
       SELECT 'Bulk ' || g, 1000, gen_random_uuid(),
              CASE WHEN g % 5 = 0 THEN 'sold' ELSE 'available' END,
              CASE WHEN g % 5 = 0 THEN gen_random_uuid() END,
              now() - g * interval '1 second'
       FROM generate_series(1, $1::int) AS g`,
      [rows],
    );
    await db.pool.query("VACUUM ANALYZE tickets");
    const depth = Math.floor((rows * 4) / 5 / 2);
    const { rows: middle } = await db.pool.query<{ createdAt: string; id: string }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt", id
       FROM tickets WHERE status = 'available'
       ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`,
      [depth],
    );
    const position = middle[0];
    if (!position) throw new Error("no ticket half-way down");

    const firstPage = await timeSequential(samples, async () => {
      await listAvailableTickets(db.pool, 50);
    });
    const deepPage = await timeSequential(samples, async () => {
      await listAvailableTickets(db.pool, 50, position);
    });
    const deepByOffset = await timeSequential(Math.min(samples, 10), async () => {
      await db.pool.query(
        `SELECT * FROM tickets WHERE status = 'available'
         ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 51`,
        [depth],
      );
    });
    return {
      rows,
      depth,
      firstPage: summarize(firstPage),
      deepPage: summarize(deepPage),
      deepByOffset: summarize(deepByOffset),
    };
  } finally {
    await db.drop();
  }
}
