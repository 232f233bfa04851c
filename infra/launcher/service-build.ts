import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import {
  describeExit,
  type Exit,
  lastLines,
  SetupError,
  spawnLogged,
} from "@microtickets/dev-servers";
import { awaitBuild } from "./build-process.js";
import { waitForLock } from "./lock.js";
import { checkoutDataDir, repoRoot } from "./paths.js";
import type { ServiceEntry } from "./services.js";
import { sourceStamp } from "./source-stamp.js";

export interface ServiceBuildOptions {
  root: string;
  /**
   * Workspace folders, relative to `root`, in build order: a stage's workspaces are built once
   * the earlier stages' are, side by side, and are compiled against their output (`common`'s
   * declarations), so a change there makes them stale too.
   */
  stages: readonly (readonly string[])[];
  /** What every workspace's build also reads, relative to `root`: the base tsconfig, the lock file. */
  sharedInputs: readonly string[];
  /** Shared by every launcher on this checkout: one build at a time. */
  lockFile: string;
  /** Where `<workspace>-build.log` goes. */
  logDir: string;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Aborting stops the builds in progress (Ctrl-C during `npm start`). */
  signal?: AbortSignal;
  /** Workspaces of one stage built at once; by default one per core. */
  concurrency?: number;
}

export interface ServiceBuild {
  /** The workspaces built, in build order; empty when every build was current. */
  built: string[];
  /** Milliseconds the builds took; undefined when none was needed. */
  builtInMs?: number;
  /** The pid of a launcher that held the build lock first, when one did. */
  waitedFor?: number;
}

/** What a workspace's `npm run build` makes, relative to the workspace: `node` runs it. */
export const BUILT_ENTRY = "dist/index.js";
const OUT_DIR = "dist";
const STAMP_FILE = ".source-stamp";

/**
 * A workspace's own inputs: its sources (migrations included, which its build copies into
 * dist/), its package.json (the build script, "type") and its tsconfig files. (common's own
 * migrations are no input: they stay in common/migrations, where its build reads them at run
 * time.)
 */
function workspaceInputs(dir: string): string[] {
  return [
    `${dir}/src`,
    `${dir}/package.json`,
    `${dir}/tsconfig.build.json`,
    `${dir}/tsconfig.json`,
  ];
}

/** Every workspace's tsconfig.build.json leaves its tests out: editing one is no reason to build. */
const isTest = (file: string) => file.endsWith(".test.ts");

/**
 * Each workspace's stamp: a hash of its inputs, of the shared ones, and of the inputs of every
 * workspace in an earlier stage (it is type-checked against their build).
 */
async function stampsOf(options: ServiceBuildOptions): Promise<Map<string, string>> {
  const stamps = new Map<string, string>();
  const earlier: string[] = [];
  for (const stage of options.stages) {
    const stageStamps = await Promise.all(
      stage.map((dir) =>
        sourceStamp(
          options.root,
          [...workspaceInputs(dir), ...earlier, ...options.sharedInputs],
          isTest,
        ),
      ),
    );
    for (const [index, dir] of stage.entries()) stamps.set(dir, stageStamps[index] as string);
    earlier.push(...stage.flatMap(workspaceInputs));
  }
  return stamps;
}

async function isCurrent(root: string, dir: string, stamp: string | undefined): Promise<boolean> {
  const out = join(root, dir, OUT_DIR);
  const built = await readFile(join(out, STAMP_FILE), "utf8").catch(() => undefined);
  return built !== undefined && built === stamp && (await exists(join(root, dir, BUILT_ENTRY)));
}

async function staleIn(
  options: ServiceBuildOptions,
  stamps: Map<string, string>,
  stage: readonly string[],
): Promise<string[]> {
  const current = await Promise.all(
    stage.map((dir) => isCurrent(options.root, dir, stamps.get(dir))),
  );
  return stage.filter((_, index) => !current[index]);
}

/**
 * The backend workspaces' production builds (`npm run build`, tsc into dist/), made only for
 * those whose sources differ from the last build's (a stamp kept in dist/), so a warm start
 * costs a hash and no tsc at all. Launchers started side by side (the end-to-end tests) take a
 * lock: one builds, the others wait and reuse its build.
 *
 * A stale workspace's dist/ is emptied first: tsc never removes the output of a deleted or
 * renamed source, and a migration left behind in dist/migrations would still be applied.
 * Builds are made in place, where production runs them (`node dist/index.js`), unlike the
 * storefront's snapshots: a service loads all its modules and migrations as it starts, so a
 * rebuild leaves running services alone. Only a service (re)started during another launcher's
 * rebuild of its workspace or of common finds dist/ incomplete; it fails, and its replica is
 * restarted with a delay, by when the build is done.
 */
export async function buildServicesIfStale(options: ServiceBuildOptions): Promise<ServiceBuild> {
  const first = await stampsOf(options);
  const stale = await Promise.all(options.stages.map((stage) => staleIn(options, first, stage)));
  if (stale.every((dirs) => dirs.length === 0)) return { built: [] };

  let waitedFor: number | undefined;
  const lock = await waitForLock(options.lockFile, {
    signal: options.signal,
    onWait: (pid) => {
      waitedFor = pid;
      options.log(`… the services are being built by pid ${pid}: waiting for it`);
    },
  });
  try {
    // Read again under the lock: the sources may have changed, or the holder just built them.
    // These are the stamps of the sources as they are when the builds begin: an edit made
    // during a build makes the next start build again.
    const wanted = await stampsOf(options);
    const began = performance.now();
    const built: string[] = [];
    await mkdir(options.logDir, { recursive: true });
    for (const stage of options.stages) {
      const dirs = await staleIn(options, wanted, stage);
      const failures = await eachAtMost(
        options.concurrency ?? availableParallelism(),
        dirs,
        async (dir) => {
          await buildWorkspace(options, dir, wanted.get(dir) as string);
          built.push(dir);
        },
      );
      options.signal?.throwIfAborted();
      if (failures.length > 0) {
        throw new SetupError(failures.map((failure) => failure.message).join("\n"));
      }
    }
    if (built.length === 0) return { built, waitedFor };
    // In build order, not in the order side-by-side builds happened to end.
    const order = options.stages.flat();
    built.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return { built, builtInMs: Math.round(performance.now() - began), waitedFor };
  } finally {
    lock.release();
  }
}

async function buildWorkspace(
  options: ServiceBuildOptions,
  dir: string,
  stamp: string,
): Promise<void> {
  options.signal?.throwIfAborted();
  const workspace = join(options.root, dir);
  const logFile = join(options.logDir, `${dir.replaceAll("/", "-")}-build.log`);
  const shownLog = relative(options.root, logFile);
  await rm(join(workspace, OUT_DIR), { recursive: true, force: true });
  const exit = await runBuild(workspace, logFile, options);
  options.signal?.throwIfAborted();
  if (exit.code !== 0) {
    throw new SetupError(
      [
        `The ${dir} build failed (${describeExit(exit)}); last lines of ${shownLog}:`,
        ...(await lastLines(logFile, 30)),
      ].join("\n  "),
    );
  }
  if (!(await exists(join(workspace, BUILT_ENTRY)))) {
    throw new SetupError(
      `The ${dir} build succeeded but made no ${BUILT_ENTRY}: see ${shownLog} and its build script.`,
    );
  }
  await writeFile(join(workspace, OUT_DIR, STAMP_FILE), stamp);
}

async function runBuild(cwd: string, logFile: string, options: ServiceBuildOptions): Promise<Exit> {
  // The workspace's own script, as production builds it: tsc, then copying its migrations.
  const build = spawnLogged("npm", ["run", "build"], logFile, {
    cwd,
    env: options.env ?? process.env,
  });
  return awaitBuild(build, options.signal);
}

/** Runs `task` for every item, at most `limit` at once; resolves with the errors, in order. */
async function eachAtMost<T>(
  limit: number,
  items: readonly T[],
  task: (item: T) => Promise<void>,
): Promise<Error[]> {
  const errors: Array<Error | undefined> = items.map(() => undefined);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      try {
        await task(items[index] as T);
      } catch (error) {
        errors[index] = error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return errors.filter((error) => error !== undefined);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * What the backend services run: `common` (every service imports its build: without the
 * `source` condition `@microtickets/common` is common/dist), then each service's workspace.
 */
export function serviceBuildStages(entries: readonly ServiceEntry[]): string[][] {
  const services = entries.filter((entry) => (entry.kind ?? "service") === "service");
  if (services.length === 0) return [];
  return [["common"], [...new Set(services.map((entry) => entry.dir))]];
}

/** Read by every workspace's build: a TypeScript or @types upgrade changes what it makes. */
export const SERVICE_SHARED_INPUTS = ["tsconfig.base.json", "package-lock.json"] as const;

/** The repository's backend services, built where stale; what `npm start` calls. */
export async function ensureServicesBuilt(
  entries: readonly ServiceEntry[],
  log: (line: string) => void,
  signal?: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServiceBuild> {
  return buildServicesIfStale({
    root: repoRoot,
    stages: serviceBuildStages(entries),
    sharedInputs: SERVICE_SHARED_INPUTS,
    lockFile: join(checkoutDataDir, "service-build.lock"),
    logDir: join(checkoutDataDir, "logs"),
    log,
    env,
    signal,
  });
}
