import { execFileSync } from "node:child_process";
import { type EventStreamClient, openEventStream } from "@microtickets/tickets/api";
import { ApiClient, type Ticket } from "../e2e/client.js";
import type { RunningStack } from "../e2e/stack.js";
import { rssMiB, timeSequential } from "./measure.js";

// Opening thousands of connections at once only measures the listen backlog; a browser's tabs
// arrive spread out anyway.
const OPEN_AT_ONCE = 50;
const DEADLINE_MS = 10_000;

export interface Percentiles {
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { n: sorted.length, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), maxMs: round(at(1)) };
}

/** The pid of the stack's (first) tickets process, a child of the launcher. */
function ticketsPid(stack: RunningStack): number {
  const children = execFileSync("pgrep", ["-P", String(stack.launcher.pid)], { encoding: "utf8" });
  for (const pid of children.split("\n").filter(Boolean).map(Number)) {
    const args = execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" });
    if (args.includes("tickets/dist/index.js")) return pid;
  }
  throw new Error("no tickets process under the launcher");
}

/** Resolves with the time each client received `version` of the ticket. */
function arrivalOf(clients: EventStreamClient[], ticketId: string, version: number) {
  return new Promise<number[]>((resolve, reject) => {
    const times: (number | undefined)[] = clients.map(() => undefined);
    let missing = clients.length;
    const timer = setTimeout(
      () => reject(new Error(`version ${version} reached ${clients.length - missing} streams`)),
      DEADLINE_MS,
    );
    clients.forEach((client, index) => {
      client.onEvent = (event) => {
        const ticket = JSON.parse(event.data) as Ticket;
        if (ticket.id !== ticketId || ticket.version !== version || times[index] !== undefined) {
          return;
        }
        times[index] = event.receivedAt;
        if (--missing === 0) {
          clearTimeout(timer);
          resolve(times as number[]);
        }
      };
    });
  });
}

/**
 * Live fan-out through the gateway, as browsers see it: `streams` open GET /api/tickets/updates
 * (unfiltered, so each gets every change), and for each of `changes` PUTs the time from the PUT's
 * answer to the change arriving on every stream; an event that beat the answer counts as 0.
 * Baselines from the same run: one open stream, a GET of the ticket, the RSS before opening.
 */
export async function liveFanOut(
  stack: RunningStack,
  {
    streams = 1_000,
    changes = 20,
    /** Where the streams connect: the gateway, or a tickets process directly for comparison. */
    streamsFrom = stack.url,
  } = {},
) {
  const seller = new ApiClient(stack.url);
  await seller.signUp();
  const listed = await seller.call<Ticket>("POST", "/api/tickets", { title: "Live", price: 10 });
  if (listed.status !== 201) throw new Error(`POST /api/tickets: ${listed.status}`);
  const ticketId = listed.body.id;
  const pid = ticketsPid(stack);
  const updates = `${streamsFrom}/api/tickets/updates`;
  let version = 0;

  async function timeChanges(clients: EventStreamClient[]) {
    const toAll: number[] = [];
    const each: number[] = [];
    for (let i = 0; i < changes; i++) {
      version++;
      // Listening before the PUT: the event may arrive before its answer does.
      const arrived = arrivalOf(clients, ticketId, version);
      const res = await seller.call("PUT", `/api/tickets/${ticketId}`, {
        title: `Live ${version}`,
        price: 10,
      });
      const answeredAt = performance.now();
      if (res.status !== 200) throw new Error(`PUT /api/tickets/:id: ${res.status}`);
      const latencies = (await arrived).map((at) => Math.max(0, at - answeredAt));
      each.push(...latencies);
      toAll.push(Math.max(...latencies));
    }
    return { toAll: percentiles(toAll), each: percentiles(each) };
  }

  const getTicket = await timeSequential(changes, async () => {
    await seller.call("GET", `/api/tickets/${ticketId}`);
  });
  const rssBefore = await rssMiB(pid);

  const single = [await openEventStream(updates)];
  const oneStream = await timeChanges(single);
  single[0]?.close();

  const clients: EventStreamClient[] = [];
  const openingBegan = performance.now();
  try {
    while (clients.length < streams) {
      const batch = Math.min(OPEN_AT_ONCE, streams - clients.length);
      clients.push(
        ...(await Promise.all(Array.from({ length: batch }, () => openEventStream(updates)))),
      );
    }
    const openMs = Math.round(performance.now() - openingBegan);
    const refused = clients.filter((client) => client.status !== 200).length;
    if (refused > 0) throw new Error(`${refused} streams were refused`);
    const rssOpen = await rssMiB(pid);
    const manyStreams = await timeChanges(clients);
    const rssAfterChanges = await rssMiB(pid);
    const dropped = clients.filter((client) => client.ended).length;
    return {
      streams,
      throughGateway: streamsFrom === stack.url,
      changes,
      openMs,
      dropped,
      manyStreams,
      oneStream,
      getTicketMedianMs: percentiles(getTicket).p50Ms,
      ticketsRssMiB: { before: rssBefore, streamsOpen: rssOpen, afterChanges: rssAfterChanges },
    };
  } finally {
    for (const client of clients) client.close();
  }
}

export type LiveFanOut = Awaited<ReturnType<typeof liveFanOut>>;

export function printLiveFanOut(live: LiveFanOut): void {
  const ratio = (ms: number, base: number) => (base > 0 ? `${(ms / base).toFixed(1)}×` : "–");
  const row = (name: string, p: Percentiles, base: number) =>
    console.log(
      `  ${name.padEnd(30)} ${String(p.p50Ms).padStart(7)} ${String(p.p99Ms).padStart(7)} ${String(p.maxMs).padStart(7)}   ${ratio(p.p50Ms, base)}`,
    );
  console.log(
    `\nlive fan-out ${live.throughGateway ? "through the gateway" : "straight to tickets"}: ${live.streams} open updates streams (opened in ${live.openMs} ms), ${live.changes} PUTs`,
  );
  console.log("  PUT answered → change arrived      p50     p99     max   × GET ticket");
  const base = live.getTicketMedianMs;
  row("at 1 stream", live.oneStream.toAll, base);
  row(`at all ${live.streams} streams`, live.manyStreams.toAll, base);
  row(`at each of ${live.streams} (per stream)`, live.manyStreams.each, base);
  console.log(`  GET /api/tickets/:id median (base): ${base} ms; streams dropped: ${live.dropped}`);
  const { before, streamsOpen, afterChanges } = live.ticketsRssMiB;
  const rssRatio = before && streamsOpen ? ` (${(streamsOpen / before).toFixed(2)}× before)` : "";
  console.log(
    `  tickets RSS: ${before} MiB before, ${streamsOpen} MiB with the streams open${rssRatio}, ${afterChanges} MiB after the PUTs`,
  );
}
