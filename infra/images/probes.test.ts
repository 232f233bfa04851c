import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIND_PACKAGES_PROBE, HEALTHZ_PROBE } from "./probes.js";
import { runCommand } from "./run-command.js";

// The probes run here with this machine's node, as they do in an image with the image's.
const probe = (script: string, args: string[]) =>
  runCommand([process.execPath, "-e", script, "--", ...args], { timeoutMs: 20_000 });

/** A stand-in server: listens on PORT after a while, answers /healthz, exits 0 on SIGTERM. */
const FAKE_SERVER = `
const server = require("node:http").createServer((req, res) => {
  res.statusCode = req.url === "/healthz" ? 200 : 404;
  res.end("ok on " + process.env.PORT);
});
console.log("starting");
setTimeout(() => server.listen(Number(process.env.PORT), "127.0.0.1"), 300);
process.once("SIGTERM", () => server.close(() => process.exit(0)));
`;

describe("the package finder", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("finds a package at any depth, a scoped one, and a workspace's link, and nothing else", async () => {
    dir = mkdtempSync(join(tmpdir(), "probe-"));
    mkdirSync(join(dir, "node_modules", "typescript"), { recursive: true });
    mkdirSync(join(dir, "node_modules", "express", "node_modules", "vitest"), { recursive: true });
    mkdirSync(join(dir, "node_modules", "@biomejs", "biome"), { recursive: true });
    mkdirSync(join(dir, "node_modules", "@microtickets"), { recursive: true });
    symlinkSync(
      "../../infra/dev-servers",
      join(dir, "node_modules", "@microtickets", "dev-servers"),
    );
    mkdirSync(join(dir, "node_modules", "zod"), { recursive: true });

    const found = await probe(FIND_PACKAGES_PROBE, [
      dir,
      "typescript",
      "vitest",
      "@biomejs/biome",
      "@microtickets/dev-servers",
      "next",
    ]);

    expect(found.code).toBe(0);
    expect(
      (JSON.parse(found.stdout) as string[]).map((path) => path.slice(dir?.length ?? 0)).sort(),
    ).toEqual([
      "/node_modules/@biomejs/biome",
      "/node_modules/@microtickets/dev-servers",
      "/node_modules/express/node_modules/vitest",
      "/node_modules/typescript",
    ]);
  });
});

describe("the /healthz probe", () => {
  it("starts the program on a free port, waits for /healthz, reports its answer and the exit after SIGTERM", async () => {
    const ran = await probe(HEALTHZ_PROBE, [process.execPath, "-e", FAKE_SERVER]);
    // The program's own output went to stderr: stdout is the report alone.
    expect(ran.stderr).toBe("starting\n");
    const report = JSON.parse(ran.stdout);
    expect(report).toEqual({ status: 200, body: expect.stringMatching(/^ok on \d+$/), exit: 0 });
    expect(report.body).not.toBe("ok on 0");
  });

  it("reports a program that exits before /healthz answers", async () => {
    const ran = await probe(HEALTHZ_PROBE, [process.execPath, "-e", "process.exit(3)"]);
    expect(JSON.parse(ran.stdout)).toEqual({ exit: 3, error: "exited before /healthz answered" });
  });
});
