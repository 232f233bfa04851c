import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { type RunningStack, startStack } from "../e2e/stack.js";
import { repoRoot } from "../launcher/paths.js";
import { checkInvariants, INVARIANTS, toCents } from "./checker.js";
import { allFaults, emulatorFaults } from "./faults.js";
import { type FinalState, type OrderStatus, Recorder } from "./history.js";
import { type ChaosInfra, startChaosInfra } from "./infra.js";
import { namespaceMode, runInNamespace } from "./netns.js";
import { faultTable, renderTable } from "./table.js";
import {
  type Actor,
  buyerLoop,
  listTicket,
  pay,
  placeOrder,
  sellerLoop,
  signUp,
  type WorkloadContext,
} from "./workload.js";

const ORDER_LOCK_SECONDS = 5;
const PAYMENT_HOLD_SECONDS = 15;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => console.log(`[chaos] ${line}`);

const { values } = parseArgs({
  options: {
    short: { type: "boolean", default: false },
    runs: { type: "string", default: "1" },
    // Only the fault kinds whose name contains one of these, e.g. `--only partition`.
    only: { type: "string", multiple: true, default: [] },
  },
});
const short = values.short ?? false;
const runs = Math.max(1, Number(values.runs) || 1);

/** Buys a fresh ticket end to end until a payment is 201: the stack works again. */
async function probePurchase(ctx: WorkloadContext, seller: Actor, buyer: Actor): Promise<boolean> {
  const giveUpAt = Date.now() + 90_000;
  while (Date.now() < giveUpAt) {
    const ticketId = await listTicket(ctx, seller);
    if (ticketId) {
      const order = await placeOrder(ctx, buyer, ticketId);
      if (order && (await pay(ctx, buyer, order.id, "pm_card_visa")) === 201) return true;
    }
    await sleep(250);
  }
  return false;
}

async function readBack(
  stack: RunningStack,
  infra: ChaosInfra,
  recorder: Recorder,
): Promise<FinalState> {
  const client = new pg.Client({
    connectionString: infra.env.DATABASE_URL.replace(/\/postgres$/, `/${stack.namespace}_orders`),
  });
  await client.connect();
  const orderRows = await client.query<{
    id: string;
    ticket_id: string;
    status: OrderStatus;
    price_cents: string;
  }>("SELECT id, ticket_id, status, price_cents FROM orders");
  const ticketIds = (await client.query<{ id: string }>("SELECT id FROM tickets")).rows.map(
    (r) => r.id,
  );
  await client.end();
  const known = new Set(ticketIds);
  for (const op of recorder.operations) {
    const id = (op.response as { id?: string } | undefined)?.id;
    if (op.kind === "ticket.create" && op.status === 201 && id) known.add(id);
  }
  const tickets: FinalState["tickets"] = [];
  for (const id of known) {
    const res = await fetch(`${stack.url}/api/tickets/${id}`);
    if (res.status !== 200) continue;
    const ticket = (await res.json()) as {
      id: string;
      status: "available" | "reserved" | "sold";
      orderId: string | null;
      price: number;
    };
    tickets.push({
      id: ticket.id,
      status: ticket.status,
      orderId: ticket.orderId,
      priceCents: toCents(ticket.price),
    });
  }
  const ledger = (await (await fetch(`${stack.stripeUrl}/_emulator/ledger`)).json()) as {
    charges: Array<{ id: string; amount: number; metadata: Record<string, string> }>;
    refunds: Array<{ id: string; amount: number; charge: string }>;
  };
  return {
    tickets,
    orders: orderRows.rows.map((row) => ({
      id: row.id,
      ticketId: row.ticket_id,
      status: row.status,
      priceCents: Number(row.price_cents),
    })),
    charges: ledger.charges.map((c) => ({
      id: c.id,
      amount: c.amount,
      orderId: c.metadata.orderId,
    })),
    refunds: ledger.refunds.map((r) => ({ id: r.id, amount: r.amount, charge: r.charge })),
  };
}

/** Waits until no order is open past its lock and hold: what is left to happen has happened. */
async function settle(stack: RunningStack, infra: ChaosInfra): Promise<void> {
  const client = new pg.Client({
    connectionString: infra.env.DATABASE_URL.replace(/\/postgres$/, `/${stack.namespace}_orders`),
  });
  await client.connect();
  const giveUpAt = Date.now() + (PAYMENT_HOLD_SECONDS + 45) * 1000;
  try {
    while (Date.now() < giveUpAt) {
      const open = await client.query(
        "SELECT count(*)::int AS n FROM orders WHERE status IN ('created', 'awaiting:payment')",
      );
      if (open.rows[0].n === 0) break;
      await sleep(1_000);
    }
  } finally {
    await client.end();
  }
  // The events of the last changes reach tickets.
  await sleep(3_000);
}

async function chaos(): Promise<number> {
  const mode = namespaceMode();
  log(
    mode.kind === "inside"
      ? `in network namespace ${mode.name} (loopback only)`
      : `no network namespace: ${mode.kind === "none" ? mode.reason : ""}; private servers on free ports`,
  );
  const infra = await startChaosInfra();
  Object.assign(process.env, infra.env);
  log(`private servers: ${Object.values(infra.env).join(" ")}`);
  let stack: RunningStack | undefined;
  try {
    stack = await startStack(
      {
        LOG_LEVEL: "warn",
        ORDER_LOCK_SECONDS: String(ORDER_LOCK_SECONDS),
        PAYMENT_HOLD_SECONDS: String(PAYMENT_HOLD_SECONDS),
        PAYMENT_STALE_AFTER_MS: "5000",
        REPLICAS_AUTH: "2",
        REPLICAS_TICKETS: "2",
        REPLICAS_ORDERS: "2",
        REPLICAS_PAYMENTS: "2",
        REPLICAS_EXPIRATION: "2",
        ...infra.env,
      },
      { readyTimeoutMs: 240_000 },
    );
    log(`stack ready in ${stack.readyInMs} ms at ${stack.url} (2 replicas of each service)`);
    const recorder = new Recorder();
    let stopping = false;
    const ctx: WorkloadContext = {
      recorder,
      baseUrl: stack.url,
      stripeUrl: stack.stripeUrl,
      tickets: [],
      stopping: () => stopping,
    };
    const sellers = await Promise.all(
      Array.from({ length: short ? 2 : 3 }, (_, i) => signUp(ctx, `seller-${i + 1}`)),
    );
    const buyers = await Promise.all(
      Array.from({ length: short ? 4 : 8 }, (_, i) => signUp(ctx, `buyer-${i + 1}`)),
    );
    const probeSeller = await signUp(ctx, "probe-seller");
    const probeBuyer = await signUp(ctx, "probe-buyer");
    const loops = [
      ...sellers.map((s) => sellerLoop(ctx, s)),
      ...buyers.map((b) => buyerLoop(ctx, b)),
    ];
    await sleep(3_000);

    const durationMs = short ? 2_000 : 5_000;
    const launcherPid = stack.launcher.pid ?? 0;
    for (let run = 1; run <= runs; run++) {
      const only = values.only ?? [];
      const faults = allFaults({ inNamespace: mode.kind === "inside" }).filter(
        (fault) => only.length === 0 || only.some((part) => fault.kind.includes(part)),
      );
      for (const fault of faults) {
        await sleep(short ? 1_500 : 3_000);
        const startedAt = recorder.now();
        log(`run ${run}: ${fault.kind} …`);
        const detail = await fault.run({
          recorder,
          infra,
          launcherPid,
          stripeUrl: stack.stripeUrl,
          durationMs,
        });
        const window = { kind: fault.kind, detail, startedAt, endedAt: recorder.now() } as {
          kind: string;
          detail: string;
          startedAt: number;
          endedAt: number;
          recoveredAt?: number;
        };
        recorder.faults.push(window);
        if (await probePurchase(ctx, probeSeller, probeBuyer)) window.recoveredAt = recorder.now();
        log(
          `  ${detail}; ${window.recoveredAt === undefined ? "NOT recovered" : `recovered ${window.recoveredAt - window.endedAt} ms after`}`,
        );
      }
    }
    await sleep(2_000);
    stopping = true;
    await Promise.all(loops);
    await emulatorFaults(stack.stripeUrl, {});
    log("workload stopped; waiting for open orders to end …");
    await settle(stack, infra);
    const state = await readBack(stack, infra, recorder);
    const violations = checkInvariants(recorder.operations, recorder.faults, state);

    const outDir = join(repoRoot, ".data", "chaos");
    await mkdir(outDir, { recursive: true });
    const historyFile = join(
      outDir,
      `history-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
    );
    await writeFile(
      historyFile,
      JSON.stringify(
        { faults: recorder.faults, operations: recorder.operations, state, violations },
        null,
        1,
      ),
    );
    console.log();
    console.log(renderTable(faultTable(recorder.operations, recorder.faults)));
    console.log();
    const sold = state.orders.filter((o) => o.status === "complete").length;
    console.log(
      `${recorder.operations.length} requests, ${state.tickets.length} tickets, ${state.orders.length} orders (${sold} complete), ${state.charges.length} charges, ${state.refunds.length} refunds; history in ${historyFile}`,
    );
    for (const invariant of INVARIANTS) {
      const found = violations.filter((v) => v.invariant === invariant);
      console.log(
        `${found.length === 0 ? "✓" : "✗"} ${invariant}${found.length ? ` (${found.length})` : ""}`,
      );
      for (const v of found.slice(0, 20)) console.log(`    ${v.message}`);
    }
    const unrecovered = recorder.faults.filter((f) => f.recoveredAt === undefined);
    for (const f of unrecovered)
      console.log(`✗ ${f.kind}: no probe purchase succeeded within 90 s`);
    // The launcher says how each replica ended: SIGKILL is ours; an exit code is a crash.
    const ends = stack
      .output()
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.startsWith("✗ "));
    const crashes = ends.filter((line) => /^✗ \S+ exit code/.test(line));
    const killed = ends.filter((line) => line.includes("killed by SIGKILL")).length;
    console.log(
      `${crashes.length === 0 ? "✓" : "✗"} no replica exited on its own (${killed} killed by the run)`,
    );
    for (const line of crashes.slice(0, 20)) console.log(`    ${line.trim()}`);
    return violations.length > 0 || unrecovered.length > 0 || crashes.length > 0 ? 1 : 0;
  } finally {
    if (stack) {
      for (const name of ["nats", "postgres", "redis"] as const)
        infra.servers[name].signal("SIGCONT");
      await stack.stop().catch((error: unknown) => log(`stopping the stack: ${String(error)}`));
    }
    await infra.stop();
  }
}

async function main(): Promise<number> {
  const mode = namespaceMode();
  if (mode.kind === "enter") {
    // The same program, again, inside a namespace of its own (netns.ts).
    return runInNamespace([
      ...process.execArgv,
      process.argv[1] ?? "",
      "infra/chaos/main.ts",
      ...process.argv.slice(2),
    ]);
  }
  return chaos();
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
