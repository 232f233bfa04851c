import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually } from "@microtickets/common/testing";
import { defaultSearchDirs, findExecutable } from "@microtickets/dev-servers";
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderEnvironment } from "../environments.js";

const redisArgs = (): string[] => {
  const statefulSet = (renderEnvironment("prod") as IStatefulSet[]).find(
    (object) => object.kind === "StatefulSet" && object.metadata?.name === "redis",
  );
  return statefulSet?.spec?.template.spec?.containers[0]?.args ?? [];
};

/**
 * prod's Redis command line, run by the machine's redis-server (it refuses a directive it does
 * not know), on a socket of its own instead of the image's port and volume.
 */
describe("prod's Redis, started with its manifest's arguments", () => {
  const dir = mkdtempSync(join(tmpdir(), "microtickets-redis-args-"));
  const socket = join(dir, "redis.sock");
  const cli = (...args: string[]) =>
    execFileSync("redis-cli", ["-s", socket, ...args], { encoding: "utf8" }).trim();
  let server: ChildProcess;
  let output = "";

  beforeAll(async () => {
    const binary = findExecutable("redis-server", defaultSearchDirs());
    expect(binary, "redis-server is installed wherever npm test runs").toBeDefined();
    const [, ...args] = redisArgs().map((arg) => (arg === "/data" ? dir : arg));
    server = spawn(binary as string, [...args, "--port", "0", "--unixsocket", socket]);
    server.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    await eventually(() => /ready to accept connections/i.test(output), { timeoutMs: 10_000 });
  });

  afterAll(() => {
    server?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses writes when full rather than evicting a delayed job", () => {
    expect(cli("config", "get", "maxmemory-policy")).toBe("maxmemory-policy\nnoeviction");
  });

  it("appends every write to a file on its volume", () => {
    expect(cli("config", "get", "appendonly")).toBe("appendonly\nyes");
    expect(cli("config", "get", "dir")).toBe(`dir\n${dir}`);
  });
});
