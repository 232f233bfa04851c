import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCursor } from "./cursor.js";
import { listAvailableTickets, listingQuery } from "./listing.js";

const migrations = fileURLToPath(new URL("../migrations", import.meta.url));
const ROWS = 50_000;

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

describe("the listing query on a large table", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("tickets_listing", migrations);
    // Every fifth ticket is sold: the partial index must leave those out by itself.
    await db.pool.query(
      `INSERT INTO tickets (title, price_cents, user_id, status, order_id, created_at)
       SELECT 'Bulk ' || g, 1000, gen_random_uuid(),
              CASE WHEN g % 5 = 0 THEN 'sold' ELSE 'available' END,
              CASE WHEN g % 5 = 0 THEN gen_random_uuid() END,
              clock_timestamp() - g * interval '1 millisecond'
       FROM generate_series(1, $1::int) AS g`,
      [ROWS],
    );
    await db.pool.query("ANALYZE tickets");
  });
  afterAll(() => db?.drop());

  async function planOf(query: { text: string; values: unknown[] }): Promise<PlanNode[]> {
    const { rows } = await db.pool.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>({
      text: `EXPLAIN (FORMAT JSON) ${query.text}`,
      values: query.values,
    });
    const plan = rows[0]?.["QUERY PLAN"][0].Plan;
    if (!plan) throw new Error("no plan");
    return nodesOf(plan);
  }

  function expectIndexRangeScan(nodes: PlanNode[]) {
    const types = nodes.map((node) => node["Node Type"]);
    expect(types).not.toContain("Sort");
    expect(types).not.toContain("Incremental Sort");
    expect(types).not.toContain("Seq Scan");
    expect(types).not.toContain("Bitmap Heap Scan");
    const scan = nodes.find((node) => node["Index Name"] !== undefined);
    expect(scan?.["Index Name"]).toBe("tickets_available_newest");
    expect(scan?.Filter).toBeUndefined();
    return scan;
  }

  it("reads the first page from the partial index, without a sort or a table scan", async () => {
    expectIndexRangeScan(await planOf(listingQuery(50)));
  });

  it("starts a deep cursor page inside the index, as an index condition", async () => {
    const middle = await db.pool.query<{ createdAt: string; id: string }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt", id
       FROM tickets WHERE status = 'available' ORDER BY created_at DESC, id DESC OFFSET 30000 LIMIT 1`,
    );
    const after = middle.rows[0];
    if (!after) throw new Error("no middle row");
    const scan = expectIndexRangeScan(await planOf(listingQuery(100, after)));
    expect(scan?.["Index Cond"]).toMatch(/created_at, id\) < ROW/);

    const page = await listAvailableTickets(db.pool, 100, after);
    expect(page.tickets).toHaveLength(100);
    expect(page.tickets[0]?.id).not.toBe(after.id);
    expect(page.next).toBeDefined();
  });

  it("keeps microseconds in the cursor: rows created in the same millisecond are not skipped", async () => {
    await db.pool.query(
      `INSERT INTO tickets (title, price_cents, user_id, created_at)
       SELECT 'Same ms ' || g, 1000, gen_random_uuid(),
              timestamptz '2001-02-03T04:05:06.007000Z' + g * interval '1 microsecond'
       FROM generate_series(1, 4) AS g`,
    );
    const { rows } = await db.pool.query<{ id: string }>(
      "SELECT id FROM tickets WHERE title LIKE 'Same ms %' ORDER BY created_at DESC",
    );
    const newestFirst = rows.map((row) => row.id);
    const start = {
      createdAt: "2001-02-03T04:05:06.007005Z",
      id: "ffffffff-ffff-ffff-ffff-ffffffffffff",
    };
    const seen: string[] = [];
    let page = await listAvailableTickets(db.pool, 1, start);
    for (;;) {
      seen.push(...page.tickets.map((ticket) => ticket.id));
      if (!page.next || seen.length === 4) break;
      page = await listAvailableTickets(db.pool, 1, decodeCursor(page.next));
    }
    expect(seen).toEqual(newestFirst);
  });
});
