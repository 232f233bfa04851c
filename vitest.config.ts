import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    include: ["*/src/**/*.test.ts", "infra/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    environment: "node",
    env: { NODE_ENV: "test" },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The tests mostly wait on PostgreSQL, NATS, Redis and timers, so more files than cores run
    // at once; and each worker keeps its loaded modules across files (every file would
    // otherwise spend ~2 s of CPU importing express, pino, NATS … again). Files still share
    // nothing on the servers: each has its own database, stream and keys.
    maxWorkers: 4,
    isolate: false,
  },
});
