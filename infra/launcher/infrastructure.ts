import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import {
  defaultSearchDirs,
  dirsWithAll,
  findExecutable,
  LOOPBACK,
  natsAnswers,
  postgresAnswers,
  type RunningServer,
  redisAnswers,
  type ServerOptions,
  SetupError,
  startNats,
  startPostgres,
  startRedis,
} from "@microtickets/dev-servers";
import { detectHost, type HostFacts, installPackages } from "./install.js";
import { acquireLock } from "./lock.js";

export type InfraName = "nats" | "postgres" | "redis";
export const INFRA_NAMES: readonly InfraName[] = ["nats", "postgres", "redis"];

/** How a server was found, for the start-up log: CONTRACT.md "Infrastructure resolution". */
export type Resolution =
  | { kind: "env"; variable: string }
  | { kind: "running" }
  | { kind: "started"; dataDir: string; startedInMs: number };

export interface ResolvedServer {
  url: string;
  resolution: Resolution;
}

export interface Infrastructure {
  natsUrl: string;
  /** The server, database `postgres`; each service gets its own database on it. */
  databaseUrl: string;
  redisUrl: string;
  servers: Record<InfraName, ResolvedServer>;
  /** Stops the servers this call started (none of the ones it found). */
  stop(): Promise<void>;
}

export interface InfrastructureOptions {
  /** Private servers keep their data under `<dataDir>/<name>` and log to `<dataDir>/logs`. */
  dataDir: string;
  /** NATS_URL, DATABASE_URL, REDIS_URL are read from here (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Where to look for a running server; tests point these at closed ports. */
  standardPorts?: Partial<Record<InfraName, number>>;
  /** Where to look for server programs; tests make this empty to simulate a bare machine. */
  searchDirs?: string[];
  host?: HostFacts;
  startTimeoutMs?: number;
}

interface Spec {
  variable: string;
  standardPort: number;
  /** Debian package providing the programs. */
  aptPackage: string;
  programs: string[];
  url(port: number): string;
  answers(port: number): Promise<boolean>;
  start(searchDirs: readonly string[], options: ServerOptions): Promise<RunningServer>;
}

const SPECS: Record<InfraName, Spec> = {
  nats: {
    variable: "NATS_URL",
    standardPort: 4222,
    aptPackage: "nats-server",
    programs: ["nats-server"],
    url: (port) => `nats://${LOOPBACK}:${port}`,
    answers: (port) => natsAnswers(LOOPBACK, port),
    start: (dirs, options) => startNats(program("nats-server", dirs), options),
  },
  postgres: {
    variable: "DATABASE_URL",
    standardPort: 5432,
    aptPackage: "postgresql",
    programs: ["initdb", "postgres"],
    url: (port) => `postgres://postgres@${LOOPBACK}:${port}/postgres`,
    answers: (port) => postgresAnswers(`postgres://postgres@${LOOPBACK}:${port}/postgres`),
    start: (dirs, options) => startPostgres(dirs, options),
  },
  redis: {
    variable: "REDIS_URL",
    standardPort: 6379,
    aptPackage: "redis-server",
    programs: ["redis-server"],
    url: (port) => `redis://${LOOPBACK}:${port}`,
    answers: (port) => redisAnswers(LOOPBACK, port),
    start: (dirs, options) => startRedis(program("redis-server", dirs), options),
  },
};

function program(name: string, dirs: readonly string[]): string {
  const found = findExecutable(name, dirs);
  if (!found) throw new SetupError(`${name} is still missing after installing its package.`);
  return found;
}

/**
 * Finds or starts NATS, PostgreSQL and Redis, each on its own: an environment variable wins,
 * then a server on the standard local port, then a private server from the installed program,
 * installing the program first on Debian/Ubuntu when root.
 */
export async function resolveInfrastructure(
  options: InfrastructureOptions,
): Promise<Infrastructure> {
  const env = options.env ?? process.env;
  const found = await Promise.all(
    INFRA_NAMES.map(async (name) => [name, await findExisting(name, env, options)] as const),
  );
  const servers: Partial<Record<InfraName, ResolvedServer>> = {};
  const missing: InfraName[] = [];
  for (const [name, server] of found) {
    if (server) servers[name] = server;
    else missing.push(name);
  }
  const started = missing.length > 0 ? await startPrivateServers(missing, options) : undefined;
  Object.assign(servers, started?.servers);

  const resolved = servers as Record<InfraName, ResolvedServer>;
  return {
    natsUrl: resolved.nats.url,
    databaseUrl: resolved.postgres.url,
    redisUrl: resolved.redis.url,
    servers: resolved,
    stop: async () => started?.stop(),
  };
}

async function startPrivateServers(
  names: readonly InfraName[],
  options: InfrastructureOptions,
): Promise<{ servers: Partial<Record<InfraName, ResolvedServer>>; stop(): Promise<void> }> {
  const searchDirs = await installMissingPrograms(
    names,
    options.searchDirs ?? defaultSearchDirs(),
    options.host ?? detectHost(),
  );
  // Two runs sharing a data directory would stop each other's servers as orphans.
  const lock = acquireLock(
    join(options.dataDir, "servers.pid"),
    (pid) =>
      `Another run (pid ${pid}) uses the servers in ${options.dataDir}: wait for it or stop it.`,
  );
  const logDir = join(options.dataDir, "logs");
  await mkdir(logDir, { recursive: true });

  const running: RunningServer[] = [];
  const stop = async () => {
    await Promise.all(running.map((server) => server.stop()));
    lock.release();
  };
  const servers: Partial<Record<InfraName, ResolvedServer>> = {};
  const results = await Promise.allSettled(
    names.map(async (name) => {
      const dataDir = join(options.dataDir, name);
      const began = performance.now();
      const server = await SPECS[name].start(searchDirs, {
        dataDir,
        logFile: join(logDir, `${name}.log`),
        host: LOOPBACK,
        startTimeoutMs: options.startTimeoutMs ?? 30_000,
      });
      running.push(server);
      const startedInMs = Math.round(performance.now() - began);
      servers[name] = { url: server.url, resolution: { kind: "started", dataDir, startedInMs } };
    }),
  );
  const failure = results.find((result) => result.status === "rejected");
  if (failure) {
    await stop();
    throw failure.reason;
  }
  return { servers, stop };
}

async function findExisting(
  name: InfraName,
  env: NodeJS.ProcessEnv,
  options: InfrastructureOptions,
): Promise<ResolvedServer | undefined> {
  const spec = SPECS[name];
  const fromEnv = env[spec.variable];
  if (fromEnv) return { url: fromEnv, resolution: { kind: "env", variable: spec.variable } };
  const port = options.standardPorts?.[name] ?? spec.standardPort;
  if (await spec.answers(port)) return { url: spec.url(port), resolution: { kind: "running" } };
  return undefined;
}

async function installMissingPrograms(
  names: readonly InfraName[],
  searchDirs: readonly string[],
  host: HostFacts,
): Promise<readonly string[]> {
  const packages = names
    .filter((name) => dirsWithAll(SPECS[name].programs, searchDirs).length === 0)
    .map((name) => SPECS[name].aptPackage);
  if (packages.length === 0) return searchDirs;
  await installPackages(packages, host);
  // apt installs into directories that may not have existed yet (/usr/lib/postgresql/<major>).
  return [...new Set([...searchDirs, ...defaultSearchDirs()])];
}
