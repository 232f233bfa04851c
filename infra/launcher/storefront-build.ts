import { cp, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, join, relative } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import {
  describeExit,
  type Exit,
  lastLines,
  SetupError,
  spawnLogged,
} from "@microtickets/dev-servers";
import { awaitBuild } from "./build-process.js";
import { pruneSnapshots, snapshotTree } from "./build-snapshot.js";
import { waitForLock } from "./lock.js";
import { checkoutDataDir, repoRoot } from "./paths.js";
import { sourceStamp } from "./source-stamp.js";

export interface StorefrontBuildOptions {
  /** The Next.js project (client/). */
  clientDir: string;
  /** What the stamp hashes, relative to `root`: every input of the build. */
  inputs: readonly string[];
  root: string;
  /** Shared by every launcher on this checkout: one build at a time. */
  lockFile: string;
  /** Where each build's snapshot is kept, by stamp, for the servers that run it. */
  snapshotsDir: string;
  logFile: string;
  log: (line: string) => void;
  /** Node's arguments for the build, run in `clientDir`; by default `next build`. */
  buildArgs?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Aborting stops a build in progress (Ctrl-C during `npm start`). */
  signal?: AbortSignal;
  /**
   * Set by `npm test`, which has just built it: a stale build is then a failure to report, not
   * a build to repeat in every test stack (a broken build would otherwise be retried by each).
   */
  reuseOnly?: boolean;
}

export interface StorefrontBuild {
  /** What `node` runs: `server.js` in this build's snapshot of `.next/standalone`. */
  serverScript: string;
  /** Milliseconds the build took; undefined when the last one was still current. */
  builtInMs?: number;
  /** Undefined when we built; otherwise the pid of the launcher that built it meanwhile, if one did. */
  waitedFor?: number;
}

/** The storefront's inputs as the repository lays them out: any change means a new build. */
export const STOREFRONT_INPUTS = [
  "client/src",
  "client/public",
  "client/next.config.ts",
  "client/package.json",
  "client/tsconfig.json",
  "package-lock.json",
] as const;

const STAMP_FILE = ".source-stamp";

/**
 * The production build, made only when the sources differ from those of the last one (a hash
 * stored beside it), so a warm start costs a hash, not a build. Launchers started side by side
 * (the end-to-end tests) take a lock: one builds, the others wait and reuse its build.
 *
 * Servers run a snapshot of the build (hard links, by stamp), never `.next/standalone` itself:
 * a rebuild for changed sources, or a `next build` by hand, empties `.next` first, and a server
 * loads its chunks as pages are first asked for, so one running there would break mid-run.
 */
export async function buildStorefrontIfStale(
  options: StorefrontBuildOptions,
): Promise<StorefrontBuild> {
  const standalone = join(options.clientDir, ".next", "standalone");
  // Next traces from the workspace root, so the project sits at its path inside standalone.
  const projectPath = relative(options.root, options.clientDir);
  const project = join(standalone, projectPath);
  const stampFile = join(standalone, STAMP_FILE);
  const stamp = () => sourceStamp(options.root, options.inputs);
  const snapshotOf = (wanted: string) => join(options.snapshotsDir, wanted.slice(0, 16));
  const serverIn = (snapshot: string) => join(snapshot, projectPath, "server.js");
  const isBuilt = async (wanted: string) =>
    (await readFile(stampFile, "utf8").catch(() => "")) === wanted &&
    (await exists(join(project, "server.js")));

  const first = await stamp();
  if (await exists(serverIn(snapshotOf(first)))) {
    return { serverScript: serverIn(snapshotOf(first)) };
  }
  if (options.reuseOnly && !(await isBuilt(first))) {
    throw new SetupError(
      "The storefront's build is missing or older than its sources, and this run may not build it (MICROTICKETS_STOREFRONT_PREBUILT is set).",
    );
  }
  let waitedFor: number | undefined;
  const lock = await waitForLock(options.lockFile, {
    signal: options.signal,
    onWait: (pid) => {
      waitedFor = pid;
      options.log(`… the storefront is being built by pid ${pid}: waiting for it`);
    },
  });
  try {
    // Read again under the lock: the sources may have changed, or the holder just built them.
    const wanted = await stamp();
    const snapshot = snapshotOf(wanted);
    if (await exists(serverIn(snapshot))) return { serverScript: serverIn(snapshot), waitedFor };
    let builtInMs: number | undefined;
    if (!(await isBuilt(wanted))) {
      const began = performance.now();
      await rm(stampFile, { force: true });
      await runBuild(options);
      // `next build` leaves the browser's files and public/ outside standalone: the server
      // serves them only from inside it.
      await cp(join(options.clientDir, ".next", "static"), join(project, ".next", "static"), {
        recursive: true,
      });
      const publicDir = join(options.clientDir, "public");
      if (await exists(publicDir)) {
        await cp(publicDir, join(project, "public"), { recursive: true });
      }
      // The stamp of the sources as they were when the build began: an edit made during the
      // build makes the next start build again.
      await writeFile(stampFile, wanted);
      builtInMs = Math.round(performance.now() - began);
    }
    await mkdir(options.snapshotsDir, { recursive: true });
    await snapshotTree(standalone, snapshot);
    await pruneSnapshots(options.snapshotsDir, basename(snapshot));
    return { serverScript: serverIn(snapshot), builtInMs, waitedFor };
  } finally {
    lock.release();
  }
}

/** `next build` keeps a lock of its own: someone's build by hand (`npm run build`) holds it. */
const NEXT_BUILD_BUSY = "Another next build process is already running";
const BUSY_RETRY_MS = 1_000;
const BUSY_GIVE_UP_MS = 5 * 60_000;

async function runBuild(options: StorefrontBuildOptions): Promise<void> {
  const giveUpAt = Date.now() + BUSY_GIVE_UP_MS;
  let toldBusy = false;
  for (;;) {
    const exit = await runBuildOnce(options);
    options.signal?.throwIfAborted();
    if (exit.code === 0) return;
    const tail = await lastLines(options.logFile, 30);
    if (tail.some((line) => line.includes(NEXT_BUILD_BUSY)) && Date.now() < giveUpAt) {
      if (!toldBusy)
        options.log("… another `next build` of the storefront is running: waiting for it");
      toldBusy = true;
      await delay(BUSY_RETRY_MS, undefined, { signal: options.signal });
      continue;
    }
    throw new SetupError(
      [
        `The storefront's build failed (${describeExit(exit)}); last lines of ${relative(options.root, options.logFile)}:`,
        ...tail,
      ].join("\n  "),
    );
  }
}

async function runBuildOnce(options: StorefrontBuildOptions): Promise<Exit> {
  const args = options.buildArgs ?? [nextBin(options.clientDir), "build"];
  const build = spawnLogged(process.execPath, [...args], options.logFile, {
    cwd: options.clientDir,
    env: {
      ...(options.env ?? process.env),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  return awaitBuild(build, options.signal);
}

function nextBin(clientDir: string): string {
  return createRequire(join(clientDir, "package.json")).resolve("next/dist/bin/next");
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The repository's storefront, built if stale; what `npm start` and `npm test` call. */
export async function ensureStorefrontBuilt(
  log: (line: string) => void,
  signal?: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StorefrontBuild> {
  await mkdir(join(checkoutDataDir, "logs"), { recursive: true });
  return buildStorefrontIfStale({
    clientDir: join(repoRoot, "client"),
    inputs: STOREFRONT_INPUTS,
    root: repoRoot,
    lockFile: join(checkoutDataDir, "storefront-build.lock"),
    snapshotsDir: join(checkoutDataDir, "storefront"),
    logFile: join(checkoutDataDir, "logs", "storefront-build.log"),
    log,
    env,
    signal,
    reuseOnly: env.MICROTICKETS_STOREFRONT_PREBUILT === "1",
  });
}
