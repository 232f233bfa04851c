import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  defaultSearchDirs,
  findExecutable,
  freePort,
  LOOPBACK,
  type RunningServer,
  readPid,
  type ServerOptions,
  startNats,
  startPostgres,
  startRedis,
} from "@microtickets/dev-servers";

export type InfraName = "nats" | "postgres" | "redis";

/** A private server the chaos run may stop, continue, kill and restart on the same port. */
export interface ChaosServer {
  name: InfraName;
  url: string;
  /** Every process of the server (PostgreSQL: the postmaster and its backends). */
  pids(): number[];
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL, as a crash would. */
  kill(): void;
  /** Starts it again on the same port and data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface ChaosInfra {
  servers: Record<InfraName, ChaosServer>;
  env: { NATS_URL: string; DATABASE_URL: string; REDIS_URL: string };
  stop(): Promise<void>;
}

function children(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const ppid = Number(
      execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" }),
    );
    return ppid > 1 && ppid !== process.pid ? ppid : undefined;
  } catch {
    return undefined;
  }
}

async function privateServer(
  name: InfraName,
  root: string,
  pidFile: string,
  start: (options: ServerOptions) => Promise<RunningServer>,
): Promise<ChaosServer> {
  const port = await freePort(LOOPBACK);
  const dataDir = join(root, name);
  const options: ServerOptions = {
    dataDir,
    logFile: join(root, `${name}.log`),
    host: LOOPBACK,
    port,
    startTimeoutMs: 30_000,
  };
  let running = await start(options);
  const pids = () => {
    const pid = readPid(join(dataDir, pidFile));
    if (pid === undefined) return [];
    return name === "postgres" ? [pid, ...children(pid)] : [pid];
  };
  const signal = (sig: NodeJS.Signals) => {
    const targets = pids();
    // As root PostgreSQL runs under runuser, which stops itself when its child is stopped (as
    // su does) and stays stopped unless continued too: it would never reap the server at exit.
    const parent =
      name === "postgres" && targets[0] !== undefined ? parentOf(targets[0]) : undefined;
    if (sig === "SIGCONT" && parent !== undefined) targets.push(parent);
    for (const pid of targets) {
      try {
        process.kill(pid, sig);
      } catch {}
    }
  };
  return {
    name,
    url: running.url,
    pids,
    signal,
    kill: () => signal("SIGKILL"),
    restart: async () => {
      // The killed server's stop only tidies up after it (its socket directory).
      await running.stop().catch(() => {});
      running = await start(options);
    },
    stop: async () => {
      signal("SIGCONT");
      await running.stop().catch(() => {});
    },
  };
}

function program(name: string): string {
  const found = findExecutable(name, defaultSearchDirs());
  if (!found) throw new Error(`${name} is not installed`);
  return found;
}

/** NATS with JetStream, PostgreSQL and Redis of the run's own, on free loopback ports. */
export async function startChaosInfra(): Promise<ChaosInfra> {
  const root = await mkdtemp(join(tmpdir(), "microtickets-chaos-"));
  // PostgreSQL runs as its own user when we are root: it must reach its data directory here.
  await chmod(root, 0o755);
  const [nats, postgres, redis] = await Promise.all([
    privateServer("nats", root, "nats-server.pid", (o) => startNats(program("nats-server"), o)),
    privateServer("postgres", root, "postmaster.pid", (o) => startPostgres(defaultSearchDirs(), o)),
    privateServer("redis", root, "redis-server.pid", (o) => startRedis(program("redis-server"), o)),
  ]);
  return {
    servers: { nats, postgres, redis },
    env: { NATS_URL: nats.url, DATABASE_URL: postgres.url, REDIS_URL: redis.url },
    stop: async () => {
      await Promise.all([nats.stop(), postgres.stop(), redis.stop()]);
      await rm(root, { recursive: true, force: true });
    },
  };
}
