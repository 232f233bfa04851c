import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hashPassword } from "@microtickets/auth/api";
import { type RunningStack, startStack } from "../e2e/stack.js";
import { dataDir } from "../launcher/paths.js";
import { backlogRates, printBacklogRates } from "./backlog.js";
import { busLatency } from "./bus.js";
import { listingAtScale, printFilteredListings } from "./listing.js";
import { liveFanOut, printLiveFanOut } from "./live.js";
import {
  expiryLatency,
  paymentLatency,
  propagationLatency,
  rushOnOneTicket,
} from "./marketplace.js";
import { rssMiB, stackProcesses, summarize, throughput, timeSequential } from "./measure.js";
import {
  printRush,
  printScaleOut,
  type RushOptions,
  type RushResult,
  rushOnManyTickets,
  rushOnReplicas,
  type ScaleOut,
} from "./rush.js";
import { printStorefrontPages, storefrontPages } from "./storefront.js";

// `npm run bench`: every number is also given as a ratio to a baseline measured in the same
// run on the same machine, so results compare across machines and noisy neighbours.
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const TRIES = Number(process.env.BENCH_TRIES ?? 20);
const LISTING_ROWS = Number(process.env.BENCH_LISTING_ROWS ?? 1_000_000);

async function processMemory(stack: RunningStack) {
  const rows: Record<string, number | undefined> = {};
  for (const { name, pid } of stackProcesses(stack.launcher.pid ?? 0))
    rows[name] = await rssMiB(pid);
  return rows;
}

async function authLatency(stack: RunningStack) {
  const post = (path: string, body: unknown) =>
    fetch(`${stack.url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then(async (res) => {
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`${path}: ${res.status}`);
    });
  const run = Date.now().toString(36);
  const email = (i: number) => `bench-${run}-${i}@example.com`;

  const baseline = await timeSequential(SAMPLES, async () => {
    const res = await fetch(`${stack.url}/api/users/currentuser`);
    await res.arrayBuffer();
  });
  const hash = await timeSequential(SAMPLES, async () => {
    await hashPassword("password1");
  });
  const signup = await timeSequential(SAMPLES, (i) =>
    post("/api/users/signup", { email: email(i), password: "password1" }),
  );
  const signin = await timeSequential(SAMPLES, (i) =>
    post("/api/users/signin", { email: email(i), password: "password1" }),
  );
  const signinsPerSecond = await throughput(SAMPLES, 8, (i) =>
    post("/api/users/signin", { email: email(i % SAMPLES), password: "password1" }),
  );
  const currentUserPerSecond = await throughput(SAMPLES * 20, 8, async () => {
    const res = await fetch(`${stack.url}/api/users/currentuser`);
    await res.arrayBuffer();
  });
  return {
    baseline: summarize(baseline),
    scryptHash: summarize(hash),
    signup: summarize(signup),
    signin: summarize(signin),
    signinsPerSecond,
    currentUserPerSecond,
  };
}

// `npm run bench -- rush backlog` runs only those parts; no argument runs every part.
const PARTS = ["platform", "rush", "backlog"] as const;
const asked = process.argv.slice(2);
for (const part of asked) {
  if (!PARTS.includes(part as (typeof PARTS)[number])) {
    console.error(`unknown part "${part}": choose from ${PARTS.join(", ")}`);
    process.exit(2);
  }
}
const wants = (part: (typeof PARTS)[number]) => asked.length === 0 || asked.includes(part);
const RUSH: RushOptions = {
  tickets: Number(process.env.BENCH_RUSH_TICKETS ?? 3_000),
  buyers: 200,
  inFlight: 64,
};
// The rush's 200 buyers win some 15 tickets each (more with the open loops, on orders that stay
// open for the 15-minute lock): past fair sales' cap of 10 open orders a buyer. The rush
// measures the sale's throughput, so the cap is raised out of its way; its check still runs.
// (The attempt limit is raised by startStack for every stack.)
const RUSH_ENV = { MAX_OPEN_ORDERS_PER_USER: "1000000" };
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 100_000);
const SCALED = {
  REPLICAS_TICKETS: "2",
  REPLICAS_ORDERS: "2",
  REPLICAS_PAYMENTS: "2",
  REPLICAS_EXPIRATION: "2",
};

/** The on-sale rush, then the same on two replicas of each service that consumes. */
async function rushPart() {
  const stack = await startStack(RUSH_ENV);
  let rush: RushResult;
  try {
    console.log(
      `the rush: ${RUSH.tickets} tickets, ${RUSH.buyers} buyers, ${RUSH.inFlight} in flight …`,
    );
    rush = await rushOnManyTickets(stack, RUSH);
  } finally {
    await stack.stop();
  }
  printRush(rush);
  const scaled = await startStack({ ...SCALED, ...RUSH_ENV });
  let scaleOut: ScaleOut;
  try {
    console.log("the rush again, two replicas of each consuming service …");
    scaleOut = await rushOnReplicas(scaled, RUSH);
  } finally {
    await scaled.stop();
  }
  const replicas = Object.entries(SCALED)
    .map(([name, n]) => `${name}=${n}`)
    .join(" ");
  printScaleOut(scaleOut, replicas);
  return { rush, scaleOut };
}

async function backlogPart() {
  console.log(`\nconsumers on a backlog of ${BACKLOG} events …`);
  // As under npm start: a line per event would measure the log, not the consumer.
  process.env.LOG_LEVEL ??= "warn";
  const rates = await backlogRates(BACKLOG);
  printBacklogRates(rates);
  return rates;
}

function save(results: unknown) {
  mkdirSync(join(dataDir, "bench"), { recursive: true });
  const file = join(dataDir, "bench", "results.json");
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten to ${file}`);
}

async function main() {
  const results: Record<string, unknown> = {};
  if (wants("platform")) results.platform = await platformPart();
  if (wants("rush")) results.rush = await rushPart();
  if (wants("backlog")) results.backlog = await backlogPart();
  save(results);
}

async function platformPart() {
  console.log("starting the stack (first start: databases created, migrations, keys) …");
  const first = await startStack();
  await first.stop();
  console.log("starting it again (warm) …");
  const stack = await startStack();
  try {
    const memory = await processMemory(stack);
    const auth = await authLatency(stack);
    const ratio = (ms: number) => `${(ms / auth.baseline.medianMs).toFixed(1)}×`;
    console.log(`measuring the marketplace's propagation times, ${TRIES} tries each …`);
    const propagation = await propagationLatency(stack, TRIES);
    const payment = await paymentLatency(stack, TRIES);
    const rush = await rushOnOneTicket(stack, 20, 25);
    // A third stack with a 1 s lock, so each expiry takes a second, not 15 minutes.
    const shortLock = await startStack({ ORDER_LOCK_SECONDS: "1" });
    const expiresAtToAvailable = await expiryLatency(shortLock, TRIES).finally(() =>
      shortLock.stop(),
    );
    const marketplace = {
      ...propagation,
      ...payment,
      expiresAtToAvailable,
      commitToHandler: await busLatency(SAMPLES),
    };
    console.log("opening 1,000 live update streams through the gateway …");
    const live = await liveFanOut(stack, { streams: 1_000, changes: TRIES });
    const storefront = await storefrontPages(stack);
    console.log(`filling a tickets table with ${LISTING_ROWS} rows …`);
    const listing = await listingAtScale(LISTING_ROWS, SAMPLES);
    const results = {
      startToReadyMs: { first: first.readyInMs, warm: stack.readyInMs },
      rssMiB: memory,
      auth,
      marketplace,
      rush,
      listing,
      live,
      storefront,
    };

    console.log("\nstart → ready");
    console.log(`  first start   ${first.readyInMs} ms`);
    console.log(`  warm start    ${stack.readyInMs} ms`);
    console.log("\nresident memory (MiB)");
    for (const [name, mib] of Object.entries(memory)) console.log(`  ${name.padEnd(20)} ${mib}`);
    console.log(`\nauth latency through the gateway, ${SAMPLES} sequential calls each`);
    console.log("  what                      median     p95     max   × baseline");
    const row = (name: string, s: { medianMs: number; p95Ms: number; maxMs: number }) =>
      console.log(
        `  ${name.padEnd(24)} ${String(s.medianMs).padStart(7)} ${String(s.p95Ms).padStart(7)} ${String(s.maxMs).padStart(7)}   ${ratio(s.medianMs)}`,
      );
    row("GET currentuser (base)", auth.baseline);
    row("scrypt hash (in-process)", auth.scryptHash);
    row("POST signup", auth.signup);
    row("POST signin", auth.signin);
    console.log(`  signins/s at 8 in flight: ${auth.signinsPerSecond}`);
    console.log(`  currentuser/s at 8 in flight: ${auth.currentUserPerSecond}`);

    console.log(
      `\nmarketplace propagation through the gateway, ${TRIES} tries each (from the first request that sees the change; polls 1 ms apart)`,
    );
    console.log("  what                      median     p95     max   × baseline");
    row("POST ticket → orderable", marketplace.postTicketToOrderable);
    row("DELETE order → available", marketplace.deleteToAvailable);
    row("POST payment (Stripe emu)", marketplace.postPayment);
    row("payment 201 → sold", marketplace.paidToSold);
    row("expiresAt → available", marketplace.expiresAtToAvailable);
    row("bus: commit → handler", marketplace.commitToHandler);
    console.log(
      `\nrush: ${rush.requests} POST /api/orders on one ticket, ${rush.inFlight} in flight`,
    );
    console.log(`  statuses ${JSON.stringify(rush.statuses)}`);
    row("POST order (rush)", rush.latency);
    console.log(`  orders/s: ${rush.ordersPerSecond}`);
    console.log(
      `\nGET /api/tickets' query, ${listing.rows} tickets, page of 50 (in-process, no HTTP)`,
    );
    console.log("  what                      median     p95     max   × first page");
    const listingRow = (name: string, s: { medianMs: number; p95Ms: number; maxMs: number }) =>
      console.log(
        `  ${name.padEnd(24)} ${String(s.medianMs).padStart(7)} ${String(s.p95Ms).padStart(7)} ${String(s.maxMs).padStart(7)}   ${(s.medianMs / listing.firstPage.medianMs).toFixed(1)}×`,
      );
    listingRow("first page", listing.firstPage);
    listingRow(`cursor at ${listing.depth}`, listing.deepPage);
    listingRow(`OFFSET ${listing.depth}`, listing.deepByOffset);
    printFilteredListings(listing);

    printLiveFanOut(live);
    printStorefrontPages(storefront);

    return results;
  } finally {
    await stack.stop();
  }
}

await main();
