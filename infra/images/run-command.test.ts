import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand, startCommand, succeeds } from "./run-command.js";

/** Running, not gone nor a zombie waiting to be reaped by whoever adopted it. */
const running = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

const holds = (file: string, text: string) => {
  try {
    return readFileSync(file, "utf8").includes(text);
  } catch {
    return false;
  }
};

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (running(pid) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return !running(pid);
}

describe("running a program", () => {
  it("keeps what it printed on each stream and its exit code", async () => {
    const result = await runCommand([
      process.execPath,
      "-e",
      'console.log("out"); console.error("err"); process.exit(3)',
    ]);
    expect(result).toEqual({ code: 3, stdout: "out\n", stderr: "err\n" });
  });

  it("answers 127 for a program that is not there, and tells which", async () => {
    const result = await runCommand(["no-such-program-here"]);
    expect(result.code).toBe(127);
    expect(result.stderr).toContain("no-such-program-here");
    expect(await succeeds(["no-such-program-here"])).toBe(false);
  });

  it("stops it after its time, with everything it started (as buildah run starts the container's process)", async () => {
    const parent = `
      const child = require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      console.log(child.pid);
      setInterval(() => {}, 1000);
    `;
    const result = await runCommand([process.execPath, "-e", parent], { timeoutMs: 1_000 });
    expect(result.code).toBe(124);
    const grandchild = Number(result.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    expect(await goneWithin(grandchild, 2_000)).toBe(true);
  });

  it("signals the program alone, not its group: a runner that forwards it must not see it twice", async () => {
    // The parent forwards SIGTERM as buildah run does, a little later, so the kernel cannot merge
    // a forwarded signal with a direct one still pending; the child counts what reaches it.
    const child = `let signals = 0;
      process.on("SIGTERM", () => {
        if (++signals === 1) setTimeout(() => { console.log("child got " + signals); process.exit(0) }, 200);
      });
      setInterval(() => {}, 1000);
      console.log("child ready");`;
    const parent = `
      const child = require("node:child_process").spawn(process.execPath, ["-e", ${JSON.stringify(child)}], { stdio: "inherit" });
      process.on("SIGTERM", () => setTimeout(() => child.kill("SIGTERM"), 50));
      child.on("exit", (code, signal) => process.exit(signal ? 9 : code));
    `;
    const dir = mkdtempSync(join(tmpdir(), "run-command-"));
    const logFile = join(dir, "log");
    const running = startCommand([process.execPath, "-e", parent], { logFile, timeoutMs: 10_000 });
    const deadline = Date.now() + 5_000;
    while (!holds(logFile, "child ready") && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    running.signal("SIGTERM");
    const result = await running.finished;
    rmSync(dir, { recursive: true });
    expect(result).toEqual({ code: 0, stdout: "child ready\nchild got 1\n", stderr: "" });
  });
});
