import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { freePort, SetupError } from "@microtickets/dev-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./paths.js";
import { Replica } from "./replica.js";

// A service in miniature: ready on /readyz, tells its pid, exits 0 on SIGTERM.
const SERVICE = `
import { createServer } from "node:http";
const server = createServer((req, res) => {
  res.end(req.url === "/pid" ? String(process.pid) : "ok");
}).listen(Number(process.env.PORT));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
`;
const BROKEN_SERVICE = `console.error("Invalid configuration: DATABASE_URL: required"); process.exit(1);`;

let dir: string;
const lines: string[] = [];

async function replica(script: string, readyTimeoutMs?: number): Promise<Replica> {
  const port = await freePort();
  return new Replica({
    label: "stub",
    args: [join(dir, script)],
    cwd: repoRoot,
    port,
    env: { ...process.env, PORT: String(port) },
    logFile: join(dir, `${script}.log`),
    log: (line) => lines.push(line),
    readyTimeoutMs,
  });
}

async function pidOf(target: Replica): Promise<number> {
  return Number(await (await fetch(`${target.url}/pid`)).text());
}

async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(100);
    }
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "microtickets-replica-"));
  await writeFile(join(dir, "service.mjs"), SERVICE);
  await writeFile(join(dir, "broken.mjs"), BROKEN_SERVICE);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a service replica", () => {
  it("starts and is ready once GET /readyz answers 200", async () => {
    const stub = await replica("service.mjs");
    try {
      const readyInMs = await stub.start();

      expect(readyInMs).toBeGreaterThan(0);
      expect((await fetch(`${stub.url}/readyz`)).status).toBe(200);
    } finally {
      await stub.stop();
    }
  });

  it("comes back after it is killed", async () => {
    const stub = await replica("service.mjs");
    try {
      await stub.start();
      const firstPid = await pidOf(stub);

      process.kill(firstPid, "SIGKILL");

      const secondPid = await eventually(async () => {
        const pid = await pidOf(stub);
        if (pid === firstPid) throw new Error("still the killed process");
        return pid;
      });
      expect(secondPid).not.toBe(firstPid);
      expect(lines.some((line) => line.startsWith("✗ stub killed by SIGKILL"))).toBe(true);
      await eventually(async () => {
        expect(lines.some((line) => line.startsWith("✓ stub back (ready in"))).toBe(true);
      });
    } finally {
      await stub.stop();
    }
  });

  it("stops for good: no restart after stop()", async () => {
    const stub = await replica("service.mjs");
    await stub.start();
    const pid = await pidOf(stub);

    await stub.stop();
    await delay(1_500);

    expect(() => process.kill(pid, 0)).toThrow();
    await expect(fetch(`${stub.url}/readyz`)).rejects.toThrow();
  });

  it("fails to start with the last lines of its log when it exits before it is ready", async () => {
    const stub = await replica("broken.mjs");

    const start = stub.start();

    await expect(start).rejects.toThrow(SetupError);
    await expect(start).rejects.toThrow("Invalid configuration: DATABASE_URL: required");
  });
});
