import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { databaseUrl } from "@microtickets/common";
import { testServerUrl } from "@microtickets/common/testing";
import { freePort } from "@microtickets/dev-servers";
import { Redis } from "ioredis";
import pg from "pg";
import { ApiClient, type Ticket } from "../e2e/client.js";
import type { RunningStack } from "../e2e/stack.js";
import {
  cpuMs,
  machineBusyMs,
  type Summary,
  stackProcesses,
  summarize,
  throughput,
} from "./measure.js";
import { type StatementCalls, statementAccount } from "./statements.js";

export interface RushOptions {
  tickets: number;
  buyers: number;
  inFlight: number;
}

export interface LoadResult {
  attempts: number;
  accepted: number;
  statuses: Record<number, number>;
  seconds: number;
  attemptsPerSecond: number;
  acceptedPerSecond: number;
  latency: Summary;
}

export interface EventLag {
  /** 201 → tickets shows the ticket reserved (its order.created applied). */
  toReserved: Summary;
  /** 201 → expiration has the order's job in its queue. */
  toJobScheduled: Summary;
  /** Won tickets not yet reserved, sampled 1 s and 2 s after the last answer. */
  notReservedAfter1s: number;
  notReservedAfter2s: number;
}

export interface RushResult {
  options: RushOptions;
  helloWorld: { requestsPerSecond: number; latency: Summary };
  closedLoop: LoadResult & {
    lag: EventLag;
    attemptsRatio: number;
    acceptedRatio: number;
    /** CPU ms per accepted order, per process, while the closed loop ran. */
    cpuPerAccepted: Record<string, number>;
    /** Statements per accepted order, per database (when the server has pg_stat_statements). */
    statementsPerAccepted: StatementCalls[] | undefined;
  };
  /** At fixed arrival rates: a share of what the closed loop sustained. */
  openLoop: (LoadResult & { ratePerSecond: number; lag: EventLag })[];
}

/**
 * CPU used by each of the stack's processes, this one (the client) and the rest of the machine
 * (PostgreSQL, NATS, Redis: shared servers) between `start()` and `stop()`.
 */
async function cpuAccount(launcherPid: number) {
  const processes = stackProcesses(launcherPid);
  const servers = async () => {
    const used: Record<string, number> = {};
    for (const name of ["postgres", "nats-server", "redis-server"]) {
      for (const pid of pidsNamed(name)) used[`${name} ${pid}`] = (await cpuMs(pid)) ?? 0;
    }
    return used;
  };
  const read = async () => ({
    machine: await machineBusyMs(),
    client: process.cpuUsage(),
    each: await Promise.all(processes.map(({ pid }) => cpuMs(pid))),
    servers: await servers(),
  });
  const before = await read();
  return async (per: number): Promise<Record<string, number>> => {
    const after = await read();
    const round = (ms: number) => Math.round((ms / per) * 100) / 100;
    const rows: Record<string, number> = {};
    let stack = 0;
    processes.forEach(({ name }, i) => {
      const used = (after.each[i] ?? 0) - (before.each[i] ?? 0);
      stack += used;
      if (used > 0) rows[name] = round(used);
    });
    // Shared servers: a process that started during the run counts from zero.
    for (const name of ["postgres", "nats-server", "redis-server"]) {
      let used = 0;
      for (const [key, ms] of Object.entries(after.servers)) {
        if (key.startsWith(`${name} `)) used += ms - (before.servers[key] ?? 0);
      }
      stack += used;
      rows[name] = round(used);
    }
    const client =
      (after.client.user + after.client.system - before.client.user - before.client.system) / 1000;
    rows["bench client"] = round(client);
    rows["rest of the machine"] = round(after.machine - before.machine - stack - client);
    rows.total = round(after.machine - before.machine);
    return rows;
  };
}

function pidsNamed(name: string): number[] {
  try {
    return execFileSync("pgrep", ["-x", name], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** The yardstick: a bare node:http server in its own process, answering every request at once. */
async function startHelloWorld(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "-e",
      `require("node:http").createServer((req, res) => { req.resume(); req.on("end", () => res.end("hello")); }).listen(${port}, "127.0.0.1", () => console.log("up"))`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await once(child.stdout as NodeJS.ReadableStream, "data");
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill();
      await once(child, "exit");
    },
  };
}

/** Sellers list `count` tickets; resolves once orders knows every one of them. */
async function listTickets(stack: RunningStack, count: number, orders: pg.Pool): Promise<string[]> {
  const sellers = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const seller = new ApiClient(stack.url);
      await seller.signUp();
      return seller;
    }),
  );
  const ids: string[] = [];
  await throughput(count, 16, async (i) => {
    const seller = sellers[i % sellers.length] as ApiClient;
    const res = await seller.call<Ticket>("POST", "/api/tickets", {
      title: `Rush ${i}`,
      price: 10 + (i % 90),
    });
    if (res.status !== 201) throw new Error(`POST /api/tickets: ${res.status}`);
    ids.push(res.body.id);
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await orders.query<{ known: number }>(
      "SELECT count(*)::int AS known FROM tickets WHERE id = ANY($1::uuid[])",
      [ids],
    );
    if (rows[0]?.known === ids.length) return ids;
    if (Date.now() > deadline) throw new Error("orders did not learn every ticket within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function signUpBuyers(stack: RunningStack, count: number): Promise<ApiClient[]> {
  const buyers: ApiClient[] = [];
  await throughput(count, 8, async () => {
    const buyer = new ApiClient(stack.url);
    await buyer.signUp();
    buyers.push(buyer);
  });
  return buyers;
}

interface Attempt {
  ticketId: string;
  status: number;
  /** performance.now() when sent (or due, open loop) and answered. */
  sentAt: number;
  answeredAt: number;
  /** Date.now() when answered: compared with the databases' clocks. */
  answeredWall: number;
}

/** Picks random tickets still open from the buyer's point of view: not yet won or refused. */
class OpenTickets {
  readonly #open: string[];
  constructor(ids: readonly string[]) {
    this.#open = [...ids];
  }
  get size() {
    return this.#open.length;
  }
  pick(): string | undefined {
    return this.#open[Math.floor(Math.random() * this.#open.length)];
  }
  close(id: string) {
    const at = this.#open.indexOf(id);
    if (at >= 0) this.#open.splice(at, 1);
  }
}

async function attempt(buyer: ApiClient, ticketId: string, sentAt: number): Promise<Attempt> {
  const res = await buyer.call("POST", "/api/orders", { ticketId });
  return {
    ticketId,
    status: res.status,
    sentAt,
    answeredAt: performance.now(),
    answeredWall: Date.now(),
  };
}

function loadResult(attempts: Attempt[], began: number): LoadResult {
  const ended = Math.max(...attempts.map((a) => a.answeredAt));
  const seconds = (ended - began) / 1000;
  const statuses: Record<number, number> = {};
  for (const a of attempts) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const accepted = statuses[201] ?? 0;
  return {
    attempts: attempts.length,
    accepted,
    statuses,
    seconds: Math.round(seconds * 100) / 100,
    attemptsPerSecond: Math.round(attempts.length / seconds),
    acceptedPerSecond: Math.round(accepted / seconds),
    latency: summarize(attempts.map((a) => a.answeredAt - a.sentAt)),
  };
}

/** `inFlight` requests at all times, each for a random ticket still open, until none is. */
async function closedLoop(buyers: ApiClient[], ids: string[], inFlight: number) {
  const open = new OpenTickets(ids);
  const attempts: Attempt[] = [];
  const began = performance.now();
  let turn = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let ticketId = open.pick(); ticketId; ticketId = open.pick()) {
        const buyer = buyers[turn++ % buyers.length] as ApiClient;
        const result = await attempt(buyer, ticketId, performance.now());
        if (result.status >= 500) throw new Error(`POST /api/orders: ${result.status}`);
        attempts.push(result);
        if (result.status === 201 || result.status === 409) open.close(ticketId);
      }
    }),
  );
  return { attempts, began };
}

/**
 * Requests arrive at a fixed rate whether or not earlier ones were answered, as a crowd does;
 * latency counts from when a request was due, so a stall is not hidden by sending less.
 */
async function openLoop(buyers: ApiClient[], ids: string[], ratePerSecond: number) {
  const open = new OpenTickets(ids);
  const attempts: Attempt[] = [];
  const pending: Promise<void>[] = [];
  const began = performance.now();
  const intervalMs = 1000 / ratePerSecond;
  for (let i = 0; open.size > 0; i++) {
    const dueAt = began + i * intervalMs;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const ticketId = open.pick() as string;
    // Open loop: the ticket counts as taken when tried, so the run ends with the last ticket.
    open.close(ticketId);
    const buyer = buyers[i % buyers.length] as ApiClient;
    pending.push(
      attempt(buyer, ticketId, dueAt).then((result) => {
        if (result.status >= 500) throw new Error(`POST /api/orders: ${result.status}`);
        attempts.push(result);
      }),
    );
  }
  await Promise.all(pending);
  return { attempts, began };
}

interface LagProbe {
  tickets: pg.Pool;
  orders: pg.Pool;
  redis: Redis;
  jobKey: (orderId: string) => string;
}

/** How long each won ticket took to show reserved, and to get its expiry job, after its 201. */
async function eventLag(probe: LagProbe, attempts: Attempt[]): Promise<EventLag> {
  const won = attempts.filter((a) => a.status === 201);
  const lastAnswer = Math.max(...won.map((a) => a.answeredWall));
  const wonIds = won.map((a) => a.ticketId);
  const notReserved = async () => {
    const { rows } = await probe.tickets.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM tickets WHERE id = ANY($1::uuid[]) AND status <> 'reserved'",
      [wonIds],
    );
    return rows[0]?.n ?? 0;
  };
  const at = async (ms: number) => {
    const wait = lastAnswer + ms - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return notReserved();
  };
  const notReservedAfter1s = await at(1_000);
  const notReservedAfter2s = await at(2_000);
  // Everything applied: read when each event was applied on the other side.
  const deadline = Date.now() + 120_000;
  while ((await notReserved()) > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { rows: events } = await probe.orders.query<{
    id: string;
    ticket_id: string;
    order_id: string;
  }>(
    `SELECT id, data->'ticket'->>'id' AS ticket_id, data->>'id' AS order_id FROM outbox
     WHERE subject = 'order.created' AND data->'ticket'->>'id' = ANY($1::text[])`,
    [wonIds],
  );
  const { rows: applied } = await probe.tickets.query<{ event_id: string; at: Date }>(
    "SELECT event_id, processed_at AS at FROM inbox WHERE event_id = ANY($1::uuid[])",
    [events.map((e) => e.id)],
  );
  const appliedAt = new Map(applied.map((row) => [row.event_id, row.at.getTime()]));
  const answeredAt = new Map(won.map((a) => [a.ticketId, a.answeredWall]));
  const toReserved: number[] = [];
  const toJob: number[] = [];
  const pipeline = probe.redis.pipeline();
  for (const e of events) pipeline.hget(probe.jobKey(e.order_id), "timestamp");
  const stamps = (await pipeline.exec()) ?? [];
  events.forEach((e, i) => {
    const answered = answeredAt.get(e.ticket_id) ?? 0;
    const applied = appliedAt.get(e.id);
    if (applied) toReserved.push(Math.max(0, applied - answered));
    const stamp = Number(stamps[i]?.[1]);
    if (Number.isFinite(stamp) && stamp > 0) toJob.push(Math.max(0, stamp - answered));
  });
  return {
    toReserved: summarize(toReserved),
    toJobScheduled: summarize(toJob),
    notReservedAfter1s,
    notReservedAfter2s,
  };
}

// The open loop runs at these shares of the closed loop's attempts/s, for about this long each.
const OPEN_LOOP_SHARES = [0.5, 0.8];
const OPEN_LOOP_SECONDS = 8;

/**
 * The on-sale rush of issue 10, through the gateway: `tickets` tickets, `buyers` signed-in
 * buyers, `inFlight` requests in flight, each for a random ticket still open. Then the same
 * crowd arriving at fixed rates (shares of what the closed loop sustained), on fresh tickets.
 */
export async function rushOnManyTickets(
  stack: RunningStack,
  options: RushOptions,
  { openLoop: withOpenLoop = true } = {},
): Promise<RushResult> {
  const server = testServerUrl();
  const tickets = new pg.Pool({
    connectionString: databaseUrl(server, `${stack.namespace}_tickets`),
    max: 2,
  });
  const orders = new pg.Pool({
    connectionString: databaseUrl(server, `${stack.namespace}_orders`),
    max: 2,
  });
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const probe: LagProbe = {
    tickets,
    orders,
    redis,
    jobKey: (orderId) => `${stack.namespace}:expiration:order-expiration:${orderId}`,
  };
  try {
    const buyers = await signUpBuyers(stack, options.buyers);

    const hello = await startHelloWorld();
    const helloClient = Object.assign(new ApiClient(hello.url), { cookie: buyers[0]?.cookie });
    const helloLatencies: number[] = [];
    const helloCount = options.tickets * 2;
    const helloPerSecond = await throughput(helloCount, options.inFlight, async () => {
      const sent = performance.now();
      await helloClient
        .call("POST", "/api/orders", { ticketId: "00000000-0000-4000-8000-000000000000" })
        .catch(() => undefined);
      helloLatencies.push(performance.now() - sent);
    });
    await hello.stop();

    const firstSet = await listTickets(stack, options.tickets, orders);
    const cpu = await cpuAccount(stack.launcher.pid ?? 0);
    const statements = await statementAccount(testServerUrl(), stack.namespace);
    const closed = await closedLoop(buyers, firstSet, options.inFlight);
    const closedResult = loadResult(closed.attempts, closed.began);
    const cpuPerAccepted = await cpu(closedResult.accepted);
    const statementsPerAccepted = await statements?.(closedResult.accepted);
    const closedLag = await eventLag(probe, closed.attempts);

    const openLoops: RushResult["openLoop"] = [];
    for (const share of withOpenLoop ? OPEN_LOOP_SHARES : []) {
      const rate = Math.max(10, Math.round(closedResult.attemptsPerSecond * share));
      const tickets = await listTickets(stack, Math.round(rate * OPEN_LOOP_SECONDS), orders);
      const opened = await openLoop(buyers, tickets, rate);
      const result = loadResult(opened.attempts, opened.began);
      openLoops.push({
        ...result,
        ratePerSecond: rate,
        lag: await eventLag(probe, opened.attempts),
      });
    }

    return {
      options,
      helloWorld: { requestsPerSecond: helloPerSecond, latency: summarize(helloLatencies) },
      closedLoop: {
        ...closedResult,
        lag: closedLag,
        cpuPerAccepted,
        statementsPerAccepted,
        attemptsRatio: Math.round((closedResult.attemptsPerSecond / helloPerSecond) * 1000) / 1000,
        acceptedRatio: Math.round((closedResult.acceptedPerSecond / helloPerSecond) * 1000) / 1000,
      },
      openLoop: openLoops,
    };
  } finally {
    await Promise.all([tickets.end(), orders.end()]);
    redis.disconnect();
  }
}

/** Each replica's address, from the launcher's ready lines (`✓ tickets-2  http://…`). */
function replicaUrls(stack: RunningStack): Map<string, string> {
  const urls = new Map<string, string>();
  for (const [, label, url] of stack.output().matchAll(/✓ (\S+)\s+(http:\/\/\S+) \(ready/g)) {
    if (label && url) urls.set(label, url);
  }
  return urls;
}

/** `bus_events_total{outcome="applied"}` of each consumer, from a replica's /metrics. */
async function appliedByConsumer(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const applied: Record<string, number> = {};
  for (const [, consumer, value] of text.matchAll(
    /^bus_events_total\{consumer="([^"]+)",outcome="applied"\} (\d+)/gm,
  )) {
    if (consumer) applied[consumer] = Number(value);
  }
  return applied;
}

export interface ScaleOut {
  rush: RushResult["closedLoop"];
  /** Per consumer, the events each replica applied. */
  split: Record<string, Record<string, number>>;
  /** Won tickets whose version is not exactly 1 (listed at 0, reserved once): applied twice. */
  appliedTwice: number;
}

/**
 * The rush again on a stack started with `REPLICAS_<NAME>=2`: how the replicas of each service
 * split the events, and whether any event was applied twice.
 */
export async function rushOnReplicas(stack: RunningStack, options: RushOptions): Promise<ScaleOut> {
  const result = await rushOnManyTickets(stack, options, { openLoop: false });
  const split: Record<string, Record<string, number>> = {};
  for (const [label, url] of replicaUrls(stack)) {
    for (const [consumer, applied] of Object.entries(await appliedByConsumer(url))) {
      split[consumer] = { ...split[consumer], [label]: applied };
    }
  }
  const tickets = new pg.Pool({
    connectionString: databaseUrl(testServerUrl(), `${stack.namespace}_tickets`),
    max: 1,
  });
  try {
    const { rows } = await tickets.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM tickets WHERE status = 'reserved' AND version <> 1",
    );
    return { rush: result.closedLoop, split, appliedTwice: rows[0]?.n ?? 0 };
  } finally {
    await tickets.end();
  }
}

const ms = (s: Summary) =>
  `${String(s.medianMs).padStart(7)} ${String(s.p99Ms).padStart(7)} ${String(s.maxMs).padStart(7)}`;

export function printRush(result: RushResult) {
  const { options, helloWorld, closedLoop: closed } = result;
  console.log(
    `\nrush: ${options.tickets} tickets, ${options.buyers} buyers, POST /api/orders for random open tickets`,
  );
  console.log(
    `  bare node:http hello-world, same client, ${options.inFlight} in flight: ${helloWorld.requestsPerSecond}/s`,
  );
  console.log("  what                          /s   × hello   median     p99     max  (ms)");
  const load = (name: string, r: LoadResult) =>
    console.log(
      `  ${name.padEnd(26)} ${String(r.attemptsPerSecond).padStart(5)}   ${(r.attemptsPerSecond / helloWorld.requestsPerSecond).toFixed(3)}  ${ms(r.latency)}`,
    );
  load(`closed loop, ${options.inFlight} in flight`, closed);
  console.log(
    `    accepted ${closed.accepted}, ${closed.acceptedPerSecond}/s (${closed.acceptedRatio}× hello), statuses ${JSON.stringify(closed.statuses)}`,
  );
  for (const open of result.openLoop) load(`open loop at ${open.ratePerSecond}/s`, open);
  console.log(
    "  event lag                     median     p99     max  (ms)   not reserved 1 s / 2 s after",
  );
  const lag = (name: string, l: EventLag) => {
    console.log(
      `  ${name.padEnd(26)} 201 → reserved   ${ms(l.toReserved)}   ${l.notReservedAfter1s} / ${l.notReservedAfter2s}`,
    );
    console.log(`  ${"".padEnd(26)} 201 → job        ${ms(l.toJobScheduled)}`);
  };
  lag("closed loop", closed.lag);
  for (const open of result.openLoop) lag(`open loop at ${open.ratePerSecond}/s`, open.lag);
  console.log("  CPU ms per accepted order, closed loop:");
  for (const [name, cpu] of Object.entries(closed.cpuPerAccepted)) {
    if (cpu >= 0.05) console.log(`    ${name.padEnd(24)} ${cpu.toFixed(2)}`);
  }
  if (closed.statementsPerAccepted) {
    console.log("  statements per accepted order, closed loop (pg_stat_statements):");
    for (const { database, query, callsPerOrder } of closed.statementsPerAccepted) {
      console.log(`    ${database.padEnd(10)} ${callsPerOrder.toFixed(2).padStart(6)}  ${query}`);
    }
  }
}

export function printScaleOut(scale: ScaleOut, replicas: string) {
  console.log(`\nthe rush again with ${replicas}`);
  console.log(
    `  ${scale.rush.attemptsPerSecond} attempts/s (${scale.rush.attemptsRatio}× hello), p99 ${scale.rush.latency.p99Ms} ms, won tickets applied twice: ${scale.appliedTwice}`,
  );
  console.log("  events applied per replica:");
  for (const [consumer, byReplica] of Object.entries(scale.split).sort()) {
    const counts = Object.entries(byReplica).map(([label, n]) => `${label} ${n}`);
    console.log(`    ${consumer.padEnd(36)} ${counts.join(", ")}`);
  }
}
