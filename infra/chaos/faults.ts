import { execFileSync } from "node:child_process";
import type { Recorder } from "./history.js";
import type { ChaosInfra } from "./infra.js";

export interface FaultContext {
  recorder: Recorder;
  infra: ChaosInfra;
  launcherPid: number;
  stripeUrl: string;
  /** How long a fault that lasts stays on. */
  durationMs: number;
}

export interface Fault {
  kind: string;
  /** Injects the fault, waits while it is on, ends it; returns what was done. */
  run(ctx: FaultContext): Promise<string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The launcher's replicas of a service: `node <dir>/dist/index.js`. */
function replicaPids(launcherPid: number, dir: string): number[] {
  let listed = "";
  try {
    listed = execFileSync("pgrep", ["-P", String(launcherPid)], { encoding: "utf8" });
  } catch {
    return [];
  }
  return listed
    .split("\n")
    .filter(Boolean)
    .map(Number)
    .filter((pid) => {
      try {
        const args = execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" });
        return args.includes(`${dir}/dist/index.js`);
      } catch {
        return false;
      }
    });
}

/**
 * kill -9 of each replica in turn (or only the first, its twin serving meanwhile), each when a
 * request to the service is in flight.
 */
function killService(service: string, route?: string, which: "both" | "one" = "both"): Fault {
  return {
    kind: which === "one" ? `kill -9 one ${service} replica` : `kill -9 ${service}`,
    async run(ctx) {
      const killed: string[] = [];
      const pids = replicaPids(ctx.launcherPid, service);
      for (const pid of which === "one" ? pids.slice(0, 1) : pids) {
        const waitUntil = Date.now() + 2_000;
        while (route && ctx.recorder.inFlight(route) === 0 && Date.now() < waitUntil)
          await sleep(5);
        const inFlight = route ? ctx.recorder.inFlight(route) : 0;
        try {
          process.kill(pid, "SIGKILL");
          killed.push(`${pid} (${inFlight} in flight)`);
        } catch {}
        await sleep(ctx.durationMs / 4);
      }
      await sleep(ctx.durationMs / 2);
      return `killed ${killed.join(", ") || "nothing"}`;
    },
  };
}

function pause(name: "nats" | "postgres" | "redis"): Fault {
  return {
    kind: `SIGSTOP ${name}`,
    async run(ctx) {
      const server = ctx.infra.servers[name];
      const pids = server.pids();
      server.signal("SIGSTOP");
      await sleep(ctx.durationMs);
      server.signal("SIGCONT");
      return `stopped ${pids.length} process(es) for ${ctx.durationMs} ms`;
    },
  };
}

/** kill -9, as a crash or the OOM killer would, then a start on the same data and port. */
function killAndRestart(name: "nats" | "postgres" | "redis"): Fault {
  return {
    kind: `kill -9 + restart ${name}`,
    async run(ctx) {
      const server = ctx.infra.servers[name];
      server.kill();
      await sleep(ctx.durationMs);
      await server.restart();
      return `down ${ctx.durationMs} ms`;
    },
  };
}

/**
 * The server cut off: every packet to or from its port dropped (iptables, inside the run's own
 * network namespace), so connections hang rather than fail, then heal with TCP's retransmits.
 */
function partition(name: "nats" | "postgres" | "redis"): Fault {
  return {
    kind: `partition ${name}`,
    async run(ctx) {
      const port = new URL(ctx.infra.servers[name].url).port;
      const rules = [
        ["OUTPUT", "-p", "tcp", "--dport", port, "-j", "DROP"],
        ["OUTPUT", "-p", "tcp", "--sport", port, "-j", "DROP"],
      ];
      for (const rule of rules) execFileSync("iptables", ["-A", ...rule]);
      try {
        await sleep(ctx.durationMs);
      } finally {
        for (const rule of rules) execFileSync("iptables", ["-D", ...rule]);
      }
      return `port ${port} dropped for ${ctx.durationMs} ms`;
    },
  };
}

async function emulatorFaults(stripeUrl: string, settings: object): Promise<void> {
  const res = await fetch(`${stripeUrl}/_emulator/faults`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(settings),
  });
  if (!res.ok) throw new Error(`emulator faults: ${res.status}`);
}

function stripe(kind: string, settings: object, extraMs = 0): Fault {
  return {
    kind,
    async run(ctx) {
      await emulatorFaults(ctx.stripeUrl, settings);
      await sleep(ctx.durationMs + extraMs);
      await emulatorFaults(ctx.stripeUrl, {});
      return JSON.stringify(settings);
    },
  };
}

/** Stripe charges but its answers and webhooks wait past the SDK's 20 s timeout. */
const stripeTimeout: Fault = {
  kind: "stripe timing out",
  async run(ctx) {
    await fetch(`${ctx.stripeUrl}/_emulator/hold`, { method: "POST" });
    await sleep(21_000);
    await fetch(`${ctx.stripeUrl}/_emulator/release`, { method: "POST" });
    return "answers held 21 s (SDK timeout 20 s)";
  },
};

/** Every fault kind, one after another; partitions only inside a network namespace of our own. */
export function allFaults(options: { inNamespace: boolean }): Fault[] {
  const infra = ["nats", "postgres", "redis"] as const;
  return [
    killService("auth", "/api/users"),
    killService("tickets", "/api/tickets"),
    killService("orders", "/api/orders"),
    killService("payments", "/api/payments"),
    killService("expiration"),
    killService("orders", "/api/orders", "one"),
    killService("payments", "/api/payments", "one"),
    ...infra.map(pause),
    ...infra.map(killAndRestart),
    ...(options.inNamespace ? infra.map(partition) : []),
    stripe("stripe slow", { delayMs: 3_000 }),
    stripe("stripe 5xx", { failureRate: 0.5 }),
    stripe("stripe failing after it charged", { lostAnswerRate: 0.5 }),
    stripeTimeout,
    stripe("stripe webhooks late/twice/shuffled", {
      webhookDelayMs: 2_000,
      webhookJitterMs: 3_000,
      webhookTwice: true,
    }),
  ];
}

export { emulatorFaults };
