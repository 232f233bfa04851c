import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

describe("main.ts, the emulator as its own process", () => {
  it("logs where it listens, answers /healthz, and exits 0 on SIGTERM", async () => {
    // As the launcher starts a TypeScript process: node with tsx's loader, from the repo root.
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", "infra/stripe-emulator/src/main.ts"],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          PORT: "0",
          STRIPE_WEBHOOK_URL: "http://127.0.0.1:9/webhooks/stripe",
          STRIPE_WEBHOOK_SECRET: "whsec_main_test",
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      const lines = createInterface({ input: child.stdout });
      let listening: { msg?: string; url?: string } = {};
      for await (const line of lines) {
        listening = JSON.parse(line);
        if (listening.msg === "stripe emulator listening") break;
      }
      expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const health = await fetch(new URL("/healthz", listening.url));
      expect(health.status).toBe(200);

      child.kill("SIGTERM");
      expect(await exited).toEqual([0, null]);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
