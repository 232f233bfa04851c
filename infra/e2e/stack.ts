import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseUrl, dropDatabase } from "@microtickets/common";
import { testNatsUrl, testServerUrl } from "@microtickets/common/testing";
import { freePort } from "@microtickets/dev-servers";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { Redis } from "ioredis";
import { repoRoot } from "../launcher/paths.js";
import { BUILT_ENTRY } from "../launcher/service-build.js";
import { SERVICES } from "../launcher/services.js";

export interface RunningStack {
  url: string;
  /** Prefixes its databases (`<namespace>_orders`), stream and Redis keys on the shared servers. */
  namespace: string;
  /** The local Stripe emulator the stack charges through. */
  stripeUrl: string;
  /** Milliseconds from spawning `npm start`'s launcher to its ready line. */
  readyInMs: number;
  launcher: ChildProcess;
  output: () => string;
  /** What a service's first replica has logged so far (warnings and errors under npm start). */
  serviceLog(name: string): string;
  /** SIGKILLs a service's replicas, as the OOM killer or a crash would: no shutdown at all. */
  kill(name: string): void;
  /** SIGSTOPs a service's replicas, as a long GC pause or a frozen host would, until `resume`. */
  pause(name: string): void;
  resume(name: string): void;
  /** SIGTERM, as Ctrl-C would; resolves with the launcher's exit code. */
  stop(): Promise<number | null>;
}

/**
 * The whole stack as `npm start` runs it, in a namespace of its own (databases, stream,
 * Redis keys, data directory) on the machine's servers, so it never meets a developer's stack.
 */
export async function startStack(
  env: NodeJS.ProcessEnv = {},
  options: { readyTimeoutMs?: number } = {},
): Promise<RunningStack> {
  const namespace = `e2e_${randomBytes(4).toString("hex")}`;
  const dataDir = await mkdtemp(join(tmpdir(), "microtickets-e2e-"));
  const port = await freePort();
  const began = performance.now();
  const launcher = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", "infra/launcher/main.ts"],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: "development",
        LOG_LEVEL: "warn",
        PORT: String(port),
        MICROTICKETS_NAMESPACE: namespace,
        MICROTICKETS_DATA_DIR: dataDir,
        // The tests and benchmarks poll POST /api/orders until orders has heard of a ticket (every
        // 20 ms, the benchmarks every 1 ms): on a loaded machine one slow propagation is dozens of
        // attempts, which fair sales would answer with 429s. The limit has its own tests
        // (orders/src/routes/new-fair-sales.test.ts); a caller may still set it.
        ORDER_ATTEMPTS_PER_10S: "1000000",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  launcher.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  launcher.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = once(launcher, "exit").then(([code]) => code as number | null);

  // What the namespace made on the shared servers: databases, a stream, Redis keys.
  const cleanUp = async () => {
    const server = testServerUrl();
    for (const entry of SERVICES) {
      if (entry.database) await dropDatabase(databaseUrl(server, `${namespace}_${entry.database}`));
    }
    const nc = await connect({ servers: testNatsUrl() });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(namespace.toUpperCase()).catch(() => {});
    } finally {
      await nc.close();
    }
    const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    try {
      for await (const keys of redis.scanStream({ match: `${namespace}:*`, count: 500 })) {
        if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
      }
    } finally {
      redis.disconnect();
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  const readyLine = `microtickets ready at http://localhost:${port}`;
  while (!output.includes(readyLine)) {
    if (launcher.exitCode !== null || Date.now() > deadline) {
      launcher.kill("SIGTERM");
      await exited;
      await cleanUp();
      throw new Error(`the stack did not come up:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const readyInMs = Math.round(performance.now() - began);
  const stripeUrl = /✓ stripe\s+(http:\/\/\S+)/.exec(output)?.[1] ?? "";

  return {
    url: `http://127.0.0.1:${port}`,
    namespace,
    stripeUrl,
    readyInMs,
    launcher,
    output: () => output,
    kill: (name) => signalReplicas(launcher, name, "SIGKILL"),
    pause: (name) => signalReplicas(launcher, name, "SIGSTOP"),
    resume: (name) => signalReplicas(launcher, name, "SIGCONT"),
    serviceLog: (name) => {
      try {
        return readFileSync(join(dataDir, "logs", `${name}-1.log`), "utf8");
      } catch {
        return "";
      }
    },
    async stop() {
      launcher.kill("SIGTERM");
      const code = await exited;
      await cleanUp();
      return code;
    },
  };
}

function signalReplicas(launcher: ChildProcess, name: string, signal: NodeJS.Signals): void {
  // Its replicas run its build (nodeArguments in services.ts): `node orders/dist/index.js`.
  const dir = SERVICES.find((entry) => entry.name === name)?.dir ?? name;
  const children = execFileSync("pgrep", ["-P", String(launcher.pid)], { encoding: "utf8" });
  for (const pid of children.split("\n").filter(Boolean).map(Number)) {
    const args = execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" });
    if (args.includes(`${dir}/${BUILT_ENTRY}`)) process.kill(pid, signal);
  }
}
