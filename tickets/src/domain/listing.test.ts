import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCursor, type ListingPosition } from "./cursor.js";
import { type ListingFilter, type ListingRequest, listingQuery, listTickets } from "./listing.js";

const migrations = fileURLToPath(new URL("../migrations", import.meta.url));
const ROWS = 50_000;
const seller = randomUUID();

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
    // Every fifth ticket is sold: the partial indexes must leave those out by themselves.
    // Half the titles say "Live", one in a thousand "Rarebird"; one ticket in a hundred is
    // the seller's; one in fifty is comedy, the other categories take turns.
    await db.pool.query(
      `INSERT INTO tickets (title, venue, category, price_cents, user_id, status, order_id, created_at)
       SELECT 'Bulk ' || g || CASE WHEN g % 2 = 0 THEN ' Live' ELSE '' END
                           || CASE WHEN g % 1000 = 8 THEN ' Rarebird' ELSE '' END,
              CASE WHEN g % 3 = 0 THEN 'Arena' ELSE 'Hall' END,
              CASE WHEN g % 50 = 3 THEN 'comedy'
                   ELSE (ARRAY['concerts', 'sports', 'theatre', 'festivals', 'other'])[1 + g % 5]
              END,
              1000,
              CASE WHEN g % 100 = 1 THEN $2::uuid ELSE gen_random_uuid() END,
              CASE WHEN g % 5 = 0 THEN 'sold' ELSE 'available' END,
              CASE WHEN g % 5 = 0 THEN gen_random_uuid() END,
              clock_timestamp() - g * interval '1 millisecond'
       FROM generate_series(1, $1::int) AS g`,
      [ROWS, seller],
    );
    await db.pool.query("ANALYZE tickets");
  });
  afterAll(() => db?.drop());

  async function planOf(request: ListingRequest): Promise<PlanNode[]> {
    const query = listingQuery(request);
    const { rows } = await db.pool.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>({
      text: `EXPLAIN (FORMAT JSON) ${query.text}`,
      values: query.values,
    });
    const plan = rows[0]?.["QUERY PLAN"][0].Plan;
    if (!plan) throw new Error("no plan");
    return nodesOf(plan);
  }

  /** The ticket `offset` places down the newest-first order of `where`. */
  async function positionAt(where: string, offset: number): Promise<ListingPosition> {
    const { rows } = await db.pool.query<ListingPosition>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt", id
       FROM tickets WHERE ${where} ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`,
      [offset],
    );
    const position = rows[0];
    if (!position) throw new Error(`nothing ${offset} down`);
    return position;
  }

  /** Every page of a listing, following its cursors, as ticket ids. */
  async function allPages(filter: ListingFilter, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let page = await listTickets(db.pool, { limit, filter });
    for (;;) {
      seen.push(...page.tickets.map((ticket) => ticket.id));
      if (!page.next) return seen;
      page = await listTickets(db.pool, { limit, filter, after: decodeCursor(page.next) });
    }
  }

  /** The same tickets found without any index's help, to compare with. */
  async function idsWhere(where: string, values: unknown[] = []): Promise<string[]> {
    const { rows } = await db.pool.query<{ id: string }>(
      `SELECT id FROM tickets WHERE ${where} ORDER BY created_at DESC, id DESC`,
      values,
    );
    return rows.map((row) => row.id);
  }

  function expectRangeScanOf(nodes: PlanNode[], index: string) {
    const types = nodes.map((node) => node["Node Type"]);
    expect(types).not.toContain("Sort");
    expect(types).not.toContain("Incremental Sort");
    expect(types).not.toContain("Seq Scan");
    expect(types).not.toContain("Bitmap Heap Scan");
    const scan = nodes.find((node) => node["Index Name"] !== undefined);
    expect(scan?.["Index Name"]).toBe(index);
    expect(scan?.Filter).toBeUndefined();
    return scan;
  }

  it("reads the first page from the partial index, without a sort or a table scan", async () => {
    expectRangeScanOf(await planOf({ limit: 50 }), "tickets_available_newest");
  });

  it("starts a deep cursor page inside the index, as an index condition", async () => {
    const after = await positionAt("status = 'available'", 30_000);
    const scan = expectRangeScanOf(await planOf({ limit: 100, after }), "tickets_available_newest");
    expect(scan?.["Index Cond"]).toMatch(/created_at, id\) < ROW/);

    const page = await listTickets(db.pool, { limit: 100, after });
    expect(page.tickets).toHaveLength(100);
    expect(page.tickets[0]?.id).not.toBe(after.id);
    expect(page.next).toBeDefined();
  });

  it("reads a rare category's pages, first and deep, as range scans of its index", async () => {
    const filter = { category: "comedy" } as const;
    expectRangeScanOf(await planOf({ limit: 50, filter }), "tickets_available_category");
    const after = await positionAt("status = 'available' AND category = 'comedy'", 500);
    const scan = expectRangeScanOf(
      await planOf({ limit: 50, after, filter }),
      "tickets_available_category",
    );
    expect(scan?.["Index Cond"]).toMatch(/category = .*created_at, id\) < ROW/s);
    const page = await listTickets(db.pool, { limit: 50, after, filter });
    expect(page.tickets.every((ticket) => ticket.category === "comedy")).toBe(true);
    expect(page.tickets).toHaveLength(50);
  });

  it("reads a seller's tickets in every status from the seller index, first and deep", async () => {
    const filter = { sellerId: seller };
    expectRangeScanOf(await planOf({ limit: 50, filter }), "tickets_seller_newest");
    const after = await positionAt(`user_id = '${seller}'`, 200);
    expectRangeScanOf(await planOf({ limit: 50, after, filter }), "tickets_seller_newest");

    const mine = await allPages(filter, 100);
    expect(mine).toEqual(await idsWhere("user_id = $1", [seller]));
    expect(mine).toHaveLength(ROWS / 100);
  });

  it("finds a rare word's few tickets through the search index, not by walking the listing", async () => {
    const nodes = await planOf({ limit: 50, filter: { words: "rarebird" } });
    expect(nodes.map((node) => node["Node Type"])).not.toContain("Seq Scan");
    expect(nodes.find((node) => node["Index Name"])?.["Index Name"]).toBe(
      "tickets_available_search",
    );
  });

  it("walks the listing newest first for a word on most tickets, and stops at the page", async () => {
    const nodes = await planOf({ limit: 50, filter: { words: "live" } });
    const types = nodes.map((node) => node["Node Type"]);
    expect(types).not.toContain("Seq Scan");
    expect(types).not.toContain("Sort");
    expect(nodes.find((node) => node["Index Name"])?.["Index Name"]).toBe(
      "tickets_available_newest",
    );
  });

  it("pages through a search within a category exactly as a full scan would find it", async () => {
    // A word of the title and one of the venue, in capitals.
    const filter = { words: "RAREBIRD arena", category: "festivals" } as const;
    const found = await allPages(filter, 5);
    expect(found).toEqual(
      await idsWhere(
        `status = 'available' AND category = 'festivals'
         AND title ILIKE '%rarebird%' AND venue = 'Arena'`,
      ),
    );
    expect(found.length).toBeGreaterThan(10);
  });

  it("keeps microseconds in the cursor: rows created in the same millisecond are not skipped", async () => {
    await db.pool.query(
      `INSERT INTO tickets (title, price_cents, user_id, created_at)
       SELECT 'Same ms ' || g, 1000, gen_random_uuid(),
              timestamptz '2001-02-03T04:05:06.007000Z' + g * interval '1 microsecond'
       FROM generate_series(1, 4) AS g`,
    );
    const newestFirst = await idsWhere("title LIKE 'Same ms %'");
    const start = {
      createdAt: "2001-02-03T04:05:06.007005Z",
      id: "ffffffff-ffff-ffff-ffff-ffffffffffff",
    };
    const seen: string[] = [];
    let page = await listTickets(db.pool, { limit: 1, after: start });
    for (;;) {
      seen.push(...page.tickets.map((ticket) => ticket.id));
      if (!page.next || seen.length === 4) break;
      page = await listTickets(db.pool, { limit: 1, after: decodeCursor(page.next) });
    }
    expect(seen).toEqual(newestFirst);
  });
});
