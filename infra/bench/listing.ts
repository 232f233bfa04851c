import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@microtickets/common/testing";
import {
  type ListingFilter,
  type ListingPosition,
  type ListingRequest,
  listingQuery,
  listTickets,
  ticketsService,
} from "@microtickets/tickets/api";
import { type Summary, summarize, timeSequential } from "./measure.js";

/** Distinct words in titles, and in venue names, each used with a frequency ∝ 1 / its rank. */
const TITLE_WORDS = 5_000;
const VENUE_WORDS = 500;
const PAGE = 50;

/** SQL for the word of rank `r`: letters only, 4 to 8 of them, the same in every run. */
const WORD_OF_RANK = "translate(substr(md5(r::text), 1, 4 + r % 5), '0123456789', 'ghijklmnop')";

/**
 * A marketplace's worth of tickets: three-word titles and venues drawn from a vocabulary by a
 * Zipf law (rank 1 on about a fifth of the titles, rank 3,000 on about a thousand), categories
 * as uneven as real ones, one seller with one ticket in a hundred, a fifth of the tickets sold.
 */
async function fillTickets(db: TestDatabase, rows: number, seller: string) {
  await db.pool.query(`CREATE TABLE bench_words (rank int PRIMARY KEY, word text NOT NULL)`);
  await db.pool.query(
    `INSERT INTO bench_words SELECT r, ${WORD_OF_RANK} FROM generate_series(1, $1::int) AS r`,
    [TITLE_WORDS + VENUE_WORDS],
  );
  // Building the search index as rows arrive (fastupdate off) is right for a trickle of
  // listings and slow for a million at once: let the load use the pending list, then merge.
  await db.pool.query("ALTER INDEX tickets_available_search SET (fastupdate = on)");
  await db.pool.query(
    `INSERT INTO tickets (title, venue, category, price_cents, user_id, status, order_id, created_at)
     SELECT initcap(w1.word || ' ' || w2.word || ' ' || w3.word),
            initcap(v.word) || ' ' || (ARRAY['Arena', 'Hall', 'Theatre', 'Stadium', 'Club'])[1 + g % 5],
            (ARRAY['concerts', 'concerts', 'concerts', 'concerts', 'sports', 'sports', 'sports',
                   'theatre', 'theatre', 'comedy', 'comedy', 'other', 'other', 'other',
                   'concerts', 'sports', 'theatre', 'concerts', 'other', 'festivals'])[1 + g % 20],
            1000,
            CASE WHEN g % 100 = 1 THEN $2::uuid ELSE gen_random_uuid() END,
            CASE WHEN g % 5 = 0 THEN 'sold' ELSE 'available' END,
            CASE WHEN g % 5 = 0 THEN gen_random_uuid() END,
            now() - g * interval '1 second'
     FROM (SELECT g,
                  floor(exp(random() * ln($3::int)))::int AS r1,
                  floor(exp(random() * ln($3::int)))::int AS r2,
                  floor(exp(random() * ln($3::int)))::int AS r3,
                  $3::int + floor(exp(random() * ln($4::int)))::int AS rv
           FROM generate_series(1, $1::int) AS g) AS pick
     JOIN bench_words w1 ON w1.rank = pick.r1
     JOIN bench_words w2 ON w2.rank = pick.r2
     JOIN bench_words w3 ON w3.rank = pick.r3
     JOIN bench_words v ON v.rank = pick.rv`,
    [rows, seller, TITLE_WORDS, VENUE_WORDS],
  );
  await db.pool.query("VACUUM ANALYZE tickets");
  await db.pool.query("ALTER INDEX tickets_available_search SET (fastupdate = off)");
}

async function wordOfRank(db: TestDatabase, rank: number): Promise<string> {
  const { rows } = await db.pool.query<{ word: string }>(
    "SELECT word FROM bench_words WHERE rank = $1",
    [rank],
  );
  const found = rows[0]?.word;
  if (!found) throw new Error(`no word of rank ${rank}`);
  return found;
}

/** The tickets a filter lists, counted, and the position half-way down them. */
async function matchesOf(db: TestDatabase, filter: ListingFilter) {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const conditions = [
    filter.sellerId ? `user_id = ${param(filter.sellerId)}` : "status = 'available'",
  ];
  if (filter.category) conditions.push(`category = ${param(filter.category)}`);
  if (filter.words) {
    conditions.push(`search @@ plainto_tsquery('ticket_search', ${param(filter.words)})`);
  }
  const where = conditions.join(" AND ");
  const { rows: counted } = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tickets WHERE ${where}`,
    values,
  );
  const matches = counted[0]?.n ?? 0;
  const { rows } = await db.pool.query<ListingPosition>(
    `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt", id
     FROM tickets WHERE ${where}
     ORDER BY created_at DESC, id DESC OFFSET ${param(Math.floor(matches / 2))} LIMIT 1`,
    values,
  );
  return { matches, halfWay: rows[0] };
}

/**
 * The 8 kB pages (index and table) PostgreSQL touches for one page of the listing: what the
 * page costs, free of the noise of a shared machine. Read from EXPLAIN (ANALYZE, BUFFERS).
 */
async function blocksTouched(db: TestDatabase, request: ListingRequest): Promise<number> {
  const query = listingQuery(request);
  const { rows } = await db.pool.query<{ "QUERY PLAN": [{ Plan: Record<string, number> }] }>({
    text: `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${query.text}`,
    values: query.values,
  });
  const plan = rows[0]?.["QUERY PLAN"][0].Plan;
  return (plan?.["Shared Hit Blocks"] ?? 0) + (plan?.["Shared Read Blocks"] ?? 0);
}

export interface FilteredListing {
  name: string;
  /** How many tickets the filter lists in all. */
  matches: number;
  firstPage: Summary;
  /** The page after the ticket half-way down the matches, by its cursor. */
  deepPage: Summary;
  blocks: { firstPage: number; deepPage: number };
}

/** First and deep pages of searches and filters, from common words to rare ones. */
async function filteredListings(db: TestDatabase, samples: number, seller: string) {
  const [common, fifth, medium, rare] = await Promise.all(
    [1, 5, 30, 3_000].map((rank) => wordOfRank(db, rank)),
  );
  const cases: [string, ListingFilter][] = [
    [`q=${common} (word of rank 1)`, { words: common }],
    [`q=${medium} (rank 30)`, { words: medium }],
    [`q=${rare} (rank 3000)`, { words: rare }],
    [`q=${common} ${fifth} (ranks 1+5)`, { words: `${common} ${fifth}` }],
    [`q=${medium}&category=comedy`, { words: medium, category: "comedy" }],
    ["category=concerts", { category: "concerts" }],
    ["category=festivals", { category: "festivals" }],
    ["seller=me (1% of tickets)", { sellerId: seller }],
  ];
  const results: FilteredListing[] = [];
  for (const [name, filter] of cases) {
    const { matches, halfWay } = await matchesOf(db, filter);
    const firstPage = await timeSequential(samples, async () => {
      await listTickets(db.pool, { limit: PAGE, filter });
    });
    const deepPage = await timeSequential(samples, async () => {
      await listTickets(db.pool, { limit: PAGE, filter, after: halfWay });
    });
    results.push({
      name,
      matches,
      firstPage: summarize(firstPage),
      deepPage: summarize(deepPage),
      blocks: {
        firstPage: await blocksTouched(db, { limit: PAGE, filter }),
        deepPage: await blocksTouched(db, { limit: PAGE, filter, after: halfWay }),
      },
    });
  }
  return results;
}

/**
 * GET /api/tickets' query on a table of `rows` tickets (a fifth of them sold): the first page,
 * a page half-way down through its cursor, and for contrast the same deep page by OFFSET; then
 * searches and filters, first and deep page, to compare with the first page.
 */
export async function listingAtScale(rows: number, samples: number) {
  const db = await createTestDatabase(
    "bench_listing",
    fileURLToPath(ticketsService.migrations as URL),
  );
  const seller = randomUUID();
  try {
    await fillTickets(db, rows, seller);
    const depth = Math.floor((rows * 4) / 5 / 2);
    const { rows: middle } = await db.pool.query<ListingPosition>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt", id
       FROM tickets WHERE status = 'available'
       ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`,
      [depth],
    );
    const position = middle[0];
    if (!position) throw new Error("no ticket half-way down");

    const firstPage = await timeSequential(samples, async () => {
      await listTickets(db.pool, { limit: PAGE });
    });
    const deepPage = await timeSequential(samples, async () => {
      await listTickets(db.pool, { limit: PAGE, after: position });
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
      blocks: {
        firstPage: await blocksTouched(db, { limit: PAGE }),
        deepPage: await blocksTouched(db, { limit: PAGE, after: position }),
      },
      filtered: await filteredListings(db, samples, seller),
    };
  } finally {
    await db.drop();
  }
}

/**
 * The searches and filters as run.ts prints the listing: median, p95, max, × the unfiltered
 * first page of the same run; and the pages PostgreSQL touched, the cost free of noise.
 */
export function printFilteredListings(listing: Awaited<ReturnType<typeof listingAtScale>>) {
  const { firstPage, blocks } = listing;
  console.log(
    `\nsearches and filters on the same ${listing.rows} tickets, page of ${PAGE} (the unfiltered` +
      ` first page touches ${blocks.firstPage} blocks, its deep page ${blocks.deepPage})`,
  );
  console.log(
    `  ${"what".padEnd(34)} matches  page   median     p95     max   × first page   blocks`,
  );
  for (const result of listing.filtered) {
    for (const page of ["firstPage", "deepPage"] as const) {
      const s = result[page];
      console.log(
        `  ${result.name.padEnd(34)} ${String(result.matches).padStart(7)}  ${(page === "firstPage" ? "first" : "deep").padEnd(5)} ${String(s.medianMs).padStart(7)} ${String(s.p95Ms).padStart(7)} ${String(s.maxMs).padStart(7)}   ${`${(s.medianMs / firstPage.medianMs).toFixed(1)}×`.padStart(12)}   ${String(result.blocks[page]).padStart(6)}`,
      );
    }
  }
}
