import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { SetupError } from "@microtickets/dev-servers";
import { INFRA_NAMES, resolveInfrastructure } from "../launcher/infrastructure.js";
import { Lifecycle } from "../launcher/lifecycle.js";
import { infraLine } from "../launcher/log-line.js";
import { stopWhenNpmGoes } from "../launcher/npm-watch.js";
import { dataDir, repoRoot } from "../launcher/paths.js";
import { ensureServicesBuilt } from "../launcher/service-build.js";
import { SERVICES } from "../launcher/services.js";
import { ensureStorefrontBuilt } from "../launcher/storefront-build.js";
import { ensureChromium } from "./chromium.js";
import { readVitestReport, tallyVitest } from "./test-summary.js";

// `npm test`: every check, each reported, then `N passed, N failed` as the very last line.
const lifecycle = new Lifecycle();
let current: ChildProcess | undefined;
// The storefront's build runs in a process group of its own, which a Ctrl-C does not reach.
const interrupted = new AbortController();

/** Runs a local binary with its output streamed through; resolves with its exit code. */
function run(
  title: string,
  binary: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  console.log(`\n▶ ${title}`);
  return new Promise((resolve) => {
    const child = spawn(join(repoRoot, "node_modules", ".bin", binary), args, {
      cwd: repoRoot,
      env,
      stdio: "inherit",
    });
    current = child;
    child.on("error", (error) => {
      console.error(`  could not run ${binary}: ${error.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Built once here, before the test files start their stacks side by side; each stack's launcher
 * is then told to reuse it (MICROTICKETS_STOREFRONT_PREBUILT), so a broken build is reported
 * once, not rebuilt and failed again by every stack.
 */
async function buildStorefront(): Promise<number> {
  console.log("\n▶ storefront build");
  try {
    const build = await ensureStorefrontBuilt((line) => console.log(line), interrupted.signal);
    console.log(
      build.builtInMs === undefined
        ? "  unchanged since its last build"
        : `  built in ${(build.builtInMs / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    console.error(error instanceof SetupError ? `  ${error.message}` : error);
    return 1;
  }
}

/** The services' compiled JavaScript, likewise built once before the stacks start. */
async function buildServices(): Promise<number> {
  console.log("\n▶ services build");
  try {
    const build = await ensureServicesBuilt(
      SERVICES,
      (line) => console.log(line),
      interrupted.signal,
    );
    console.log(
      build.built.length === 0
        ? "  unchanged since their last build"
        : `  built ${build.built.join(", ")}`,
    );
    return 0;
  } catch (error) {
    console.error(error instanceof SetupError ? `  ${error.message}` : error);
    return 1;
  }
}

async function main(): Promise<number> {
  // The browser tests need it; better to stop now than after minutes of other checks.
  await ensureChromium();
  // Its own data directory: a running `npm start` keeps its private servers in `.data`.
  const infra = await resolveInfrastructure({ dataDir: join(dataDir, "test") });
  lifecycle.onStop(() => infra.stop());
  for (const name of INFRA_NAMES) console.log(infraLine(name, infra.servers[name], repoRoot));
  const env = {
    ...process.env,
    DATABASE_URL: infra.databaseUrl,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    MICROTICKETS_STOREFRONT_PREBUILT: "1",
  };

  // Typecheck and lint failures do not stop the tests: one run reports everything.
  // The storefront is a Next.js project with its own compiler settings (JSX, the DOM, bundler
  // resolution): one more project for the same check.
  const services = await run("typecheck", "tsc", ["-p", "tsconfig.json"], env);
  const storefront = await run(
    "typecheck (storefront)",
    "tsc",
    ["-p", "client/tsconfig.json"],
    env,
  );
  const typecheck = services || storefront;
  lifecycle.checkpoint();
  const lint = await run("lint", "biome", ["check", "."], env);
  lifecycle.checkpoint();
  const build = (await buildServices()) || (await buildStorefront());
  lifecycle.checkpoint();
  const tallies = [];
  // The browser tests after the rest, one file at a time (see vitest.config.ts).
  for (const phase of ["services", "browser"] as const) {
    const results = join(dataDir, `test-results-${phase}.json`);
    rmSync(results, { force: true });
    const vitestArgs = [
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile=${results}`,
      // `npm test -- auth` names no browser test: that half then has nothing to run.
      "--passWithNoTests",
    ];
    const code = await run(
      `tests (${phase})`,
      "vitest",
      [...vitestArgs, ...process.argv.slice(2)],
      {
        ...env,
        TEST_PHASE: phase,
      },
    );
    tallies.push(tallyVitest(readVitestReport(results), code));
    lifecycle.checkpoint();
  }
  await lifecycle.stop();

  const tests = {
    passed: tallies.reduce((sum, tally) => sum + tally.passed, 0),
    failed: tallies.reduce((sum, tally) => sum + tally.failed, 0),
    notes: tallies.flatMap((tally) => tally.notes),
  };
  const checks = [
    ["typecheck", typecheck],
    ["lint", lint],
    ["build (services, storefront)", build],
  ] as const;
  console.log("");
  for (const [name, code] of checks) {
    console.log(code === 0 ? `✓ ${name}` : `✗ ${name} (exit code ${code})`);
  }
  console.log(
    `${tests.failed === 0 ? "✓" : "✗"} tests: ${tests.passed} passed, ${tests.failed} failed`,
  );
  for (const note of tests.notes) console.log(`  ${note}`);
  const failedChecks = checks.filter(([, code]) => code !== 0).length;
  const passed = tests.passed + checks.length - failedChecks;
  const failed = tests.failed + failedChecks;
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function interrupt(): void {
  if (lifecycle.stopRequested) return;
  // Killed through npm, the current check never saw a signal: stop it with us.
  current?.kill("SIGTERM");
  interrupted.abort();
  void lifecycle.stop().then(() => process.exit(130));
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, interrupt);
stopWhenNpmGoes(interrupt);
main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    // Interrupted: `interrupt` stops the servers and exits.
    if (lifecycle.stopRequested) return;
    console.error(error instanceof SetupError ? `✗ ${error.message}` : error);
    await lifecycle.stop();
    console.log("0 passed, 1 failed");
    process.exit(1);
  },
);
