import { defineConfig } from "vitest/config";

// `npm test` runs the browser tests (each file a whole stack and a Chromium) after the rest,
// one file at a time: beside four other files at once they starve each other on two cores.
// `TEST_PHASE` picks one half; unset, `vitest` runs everything.
const BROWSER_TESTS = "infra/e2e/storefront/**/*.test.ts";
const phase = process.env.TEST_PHASE;

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    include: phase === "browser" ? [BROWSER_TESTS] : ["*/src/**/*.test.ts", "infra/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", ...(phase === "services" ? [BROWSER_TESTS] : [])],
    environment: "node",
    env: { NODE_ENV: "test" },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The tests mostly wait on PostgreSQL, NATS, Redis and timers, so more files than cores run
    // at once; and each worker keeps its loaded modules across files (every file would
    // otherwise spend ~2 s of CPU importing express, pino, NATS … again). Files still share
    // nothing on the servers: each has its own database, stream and keys.
    maxWorkers: phase === "browser" ? 1 : 4,
    isolate: false,
  },
});
