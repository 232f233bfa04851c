import { ApiClient, type Ticket } from "../e2e/client.js";
import type { RunningStack } from "../e2e/stack.js";

const CONCURRENCY = Number(process.env.BENCH_STOREFRONT_CONCURRENCY ?? 8);
const REQUESTS = Number(process.env.BENCH_STOREFRONT_REQUESTS ?? 400);
/** Each target is measured in this many slices, taken in turn, so a noisy moment hits all alike. */
const ROUNDS = 4;
const WARM_UP = 20;

export interface PageRate {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** requests/s as a fraction of the API baseline's, measured in the same run. */
  ofBaseline: number;
}

interface Target {
  name: string;
  path: string;
  cookie?: string;
}

/**
 * The server-rendered pages through the gateway, at a fixed concurrency: `/` (a page of
 * tickets) and a ticket's page, signed out and signed in, against `GET /api/tickets` (the call
 * the listing makes) through the same gateway as the baseline.
 */
export async function storefrontPages(stack: RunningStack): Promise<Record<string, PageRate>> {
  const seller = new ApiClient(stack.url);
  await seller.signUp();
  let ticket: Ticket | undefined;
  for (let i = 0; i < 30; i++) {
    const res = await seller.call<Ticket>("POST", "/api/tickets", {
      title: `Bench night ${i}`,
      price: 20 + i,
      category: "concerts",
      venue: "The Bench Hall",
    });
    ticket = res.body;
  }
  if (!ticket) throw new Error("no ticket to show");
  const buyer = new ApiClient(stack.url);
  await buyer.signUp();
  const targets: Target[] = [
    { name: "GET /api/tickets (base)", path: "/api/tickets?limit=24" },
    { name: "page /", path: "/" },
    { name: "page /tickets/:id", path: `/tickets/${ticket.id}` },
    { name: "page /tickets/:id, signed in", path: `/tickets/${ticket.id}`, cookie: buyer.cookie },
  ];

  const samples = new Map<string, { latencies: number[]; elapsedMs: number }>();
  for (const target of targets) {
    await measure(stack.url, target, WARM_UP);
    samples.set(target.name, { latencies: [], elapsedMs: 0 });
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      const slice = await measure(stack.url, target, Math.ceil(REQUESTS / ROUNDS));
      const total = samples.get(target.name);
      total?.latencies.push(...slice.latencies);
      if (total) total.elapsedMs += slice.elapsedMs;
    }
  }

  const rates: Record<string, PageRate> = {};
  let baseline = 0;
  for (const target of targets) {
    const { latencies, elapsedMs } = samples.get(target.name) ?? { latencies: [], elapsedMs: 1 };
    const requestsPerSecond = Math.round((latencies.length / elapsedMs) * 1000);
    if (baseline === 0) baseline = requestsPerSecond;
    rates[target.name] = {
      requestsPerSecond,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      ofBaseline: Math.round((requestsPerSecond / baseline) * 100) / 100,
    };
  }
  return rates;
}

/** `count` GETs with CONCURRENCY in flight; every one must be a 200. */
async function measure(baseUrl: string, target: Target, count: number) {
  const latencies: number[] = [];
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        const sent = performance.now();
        const res = await fetch(`${baseUrl}${target.path}`, {
          headers: target.cookie ? { Cookie: target.cookie } : {},
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${target.name}: ${res.status}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - began };
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return Math.round(value * 10) / 10;
}

export function printStorefrontPages(rates: Record<string, PageRate>): void {
  console.log(
    `\nstorefront through the gateway, ${REQUESTS} requests each, ${CONCURRENCY} in flight`,
  );
  console.log("  what                             req/s      p50      p99   × baseline req/s");
  for (const [name, rate] of Object.entries(rates)) {
    console.log(
      `  ${name.padEnd(30)} ${String(rate.requestsPerSecond).padStart(7)} ${String(rate.p50Ms).padStart(8)} ${String(rate.p99Ms).padStart(8)}   ${rate.ofBaseline.toFixed(2)}×`,
    );
  }
}
