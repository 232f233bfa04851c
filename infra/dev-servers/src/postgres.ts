import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import {
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readlink,
  rm,
  rmdir,
  symlink,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { dirsWithAll } from "./binaries.js";
import { lastLines } from "./log-tail.js";
import { freePort } from "./ports.js";
import { postgresAnswers } from "./probes.js";
import {
  answerOrStop,
  describeExit,
  readPid,
  spawnLogged,
  stopOrphan,
  stopProcess,
} from "./processes.js";
import { canWrite, commandAs, postgresRunAs, type RunAs } from "./run-as.js";
import type { RunningServer, ServerOptions } from "./running-server.js";
import { SetupError } from "./setup-error.js";

const POSTGRES_PROGRAMS = ["initdb", "postgres"];

/** initdb (once) and postgres, both from the same installation, as an unprivileged user. */
export async function startPostgres(
  searchDirs: readonly string[],
  options: ServerOptions,
): Promise<RunningServer> {
  const { host, logFile } = options;
  const runAs = postgresRunAs();
  const dataDir = await prepareDataDir(options.dataDir, runAs);
  const binDir = chooseBinDir(searchDirs, dataDir);
  const postmasterPidFile = join(dataDir, "postmaster.pid");
  // SIGINT is PostgreSQL's fast shutdown: sessions are ended, data is consistent.
  await stopOrphan(postmasterPidFile, "postgres", "SIGINT");
  if (!existsSync(join(dataDir, "PG_VERSION"))) await initdb(binDir, dataDir, runAs, logFile);

  const port = options.port ?? (await freePort(host));
  const socketDir = await mkdtemp(join(tmpdir(), "microtickets-pg-"));
  if (runAs) await chown(socketDir, runAs.uid, runAs.gid);
  const [command, args] = commandAs(runAs, join(binDir, "postgres"), [
    ...["-D", dataDir, "-p", String(port), "-k", socketDir],
    ...["-c", `listen_addresses=${host}`, "-c", "max_connections=200"],
  ]);
  const server = spawnLogged(command, args, logFile, { cwd: "/", detached: options.detached });

  // runuser answers SIGTERM by SIGKILLing its child after 2 s, so signal the postmaster itself,
  // by the pid it had once up: the file may name a later server by the time we stop.
  let postmasterPid: number | undefined;
  const signalPostgres = (signal: NodeJS.Signals) => {
    const pid = postmasterPid ?? server.child.pid;
    if (pid !== undefined) process.kill(pid, signal);
  };
  const stop = async () => {
    // SIGQUIT (immediate shutdown) only if the fast shutdown hangs; recovery replays the WAL.
    await stopProcess(server.exited, signalPostgres, "SIGINT", 30_000, "SIGQUIT");
    await rm(socketDir, { recursive: true, force: true });
  };
  const url = `postgres://postgres@${host}:${port}/postgres`;
  await answerOrStop("postgres", server, () => postgresAnswers(url), options.startTimeoutMs, stop);
  postmasterPid = readPid(postmasterPidFile);
  return { url, port, stop };
}

async function initdb(
  binDir: string,
  dataDir: string,
  runAs: RunAs | undefined,
  logFile: string,
): Promise<void> {
  const [command, args] = commandAs(runAs, join(binDir, "initdb"), [
    ...["-D", dataDir, "-U", "postgres", "-A", "trust"],
    // C collation: the same sort order on every machine; --no-sync: a fresh cluster has nothing to lose.
    ...["-E", "UTF8", "--locale=C", "--no-sync"],
  ]);
  const run = spawnLogged(command, args, logFile, { cwd: "/" });
  const exit = await run.exited;
  if (exit.code !== 0) {
    const tail = await lastLines(logFile, 15);
    throw new SetupError(
      [`initdb failed (${describeExit(exit)}); ${logFile}:`, ...tail].join("\n  "),
    );
  }
}

/**
 * The data directory, owned by the user PostgreSQL runs as. When that user cannot reach the
 * repository (a clone under /root, mode 700), the data lives under /var/lib/microtickets and
 * `.data/postgres` is a symlink to it. Returns the real directory.
 */
async function prepareDataDir(preferred: string, runAs: RunAs | undefined): Promise<string> {
  const dataDir = resolve(preferred);
  await mkdir(dirname(dataDir), { recursive: true });
  const target = await symlinkTarget(dataDir);
  await mkdir(target, { recursive: true, mode: 0o700 });
  if (!runAs) return target;
  await chown(target, runAs.uid, runAs.gid);
  if (canWrite(runAs, target)) return target;

  if (target !== dataDir || (await readdir(dataDir)).length > 0) {
    throw new SetupError(
      `PostgreSQL runs as ${runAs.user}, which cannot reach ${dataDir}; make its parent directories searchable (chmod o+x) or move the repository.`,
    );
  }
  const digest = createHash("sha256").update(dataDir).digest("hex").slice(0, 12);
  const outside = join("/var/lib/microtickets", digest, "postgres");
  await mkdir(dirname(outside), { recursive: true, mode: 0o755 });
  // Left over from a `.data` the user deleted to start afresh: start afresh here too.
  await rm(outside, { recursive: true, force: true });
  await mkdir(outside, { mode: 0o700 });
  await chown(outside, runAs.uid, runAs.gid);
  await rmdir(dataDir);
  await symlink(outside, dataDir);
  // PostgreSQL gets the real path: resolving the symlink would need the unreachable parents.
  return outside;
}

async function symlinkTarget(path: string): Promise<string> {
  try {
    const stats = await lstat(path);
    return stats.isSymbolicLink() ? resolve(dirname(path), await readlink(path)) : path;
  } catch {
    return path;
  }
}

/** The installation to use: the newest, unless the data was made by another major version. */
function chooseBinDir(searchDirs: readonly string[], dataDir: string): string {
  const candidates = dirsWithAll(POSTGRES_PROGRAMS, searchDirs);
  const first = candidates[0];
  if (first === undefined) throw new SetupError("PostgreSQL's initdb and postgres were not found.");
  const versionFile = join(dataDir, "PG_VERSION");
  if (!existsSync(versionFile)) return first;
  const clusterMajor = readFileSync(versionFile, "utf8").trim();
  const match = candidates.find((dir) => majorVersion(dir) === clusterMajor);
  if (match) return match;
  throw new SetupError(
    `${dataDir} was created by PostgreSQL ${clusterMajor}, which is not installed (found ${majorVersion(first)}): install postgresql-${clusterMajor}, or delete ${dataDir} to start with an empty database.`,
  );
}

function majorVersion(binDir: string): string | undefined {
  try {
    const output = execFileSync(join(binDir, "postgres"), ["--version"], { encoding: "utf8" });
    // "postgres (PostgreSQL) 15.20 (Debian …)": the major is 15 (9.6 before version 10).
    const version = /\)\s+(\d+)(?:\.(\d+))?/.exec(output);
    if (!version?.[1]) return undefined;
    return Number(version[1]) >= 10 ? version[1] : `${version[1]}.${version[2]}`;
  } catch {
    return undefined;
  }
}
