import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { SetupError } from "@microtickets/dev-servers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, waitForLock } from "./lock.js";

describe("pid file lock", () => {
  let dir: string;
  let file: string;
  const held = (pid: number) => `already running (pid ${pid})`;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "microtickets-lock-"));
    file = join(dir, "launcher.pid");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("records our pid and removes the file on release", async () => {
    const lock = acquireLock(file, held);

    expect(await readFile(file, "utf8")).toBe(`${process.pid}\n`);
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it("refuses while another live Node process holds it", async () => {
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      await writeFile(file, `${other.pid}\n`);

      expect(() => acquireLock(file, held)).toThrow(SetupError);
      expect(() => acquireLock(file, held)).toThrow(`already running (pid ${other.pid})`);
    } finally {
      other.kill();
    }
  });

  it("takes over a file left by a process that is gone", async () => {
    await writeFile(file, "999999999\n");

    const lock = acquireLock(file, held);

    expect(await readFile(file, "utf8")).toBe(`${process.pid}\n`);
    lock.release();
  });

  it("waits while another live process holds it, and takes it once that process is gone", async () => {
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    await writeFile(file, `${other.pid}\n`);
    const waitedFor: number[] = [];

    const waiting = waitForLock(file, { onWait: (pid) => waitedFor.push(pid) });
    const early = await Promise.race([waiting.then(() => "taken"), delay(500, "waiting")]);
    other.kill("SIGKILL");
    const lock = await waiting;

    expect(early).toBe("waiting");
    expect(waitedFor).toEqual([other.pid]);
    expect(await readFile(file, "utf8")).toBe(`${process.pid}\n`);
    lock.release();
  });

  it("lets callers in one process take it in turn, never together", async () => {
    let holders = 0;
    let most = 0;
    const turn = async () => {
      const lock = await waitForLock(file);
      most = Math.max(most, ++holders);
      await delay(50);
      holders--;
      lock.release();
    };

    await Promise.all([turn(), turn(), turn()]);

    expect(most).toBe(1);
    expect(existsSync(file)).toBe(false);
  });

  it("stops waiting when aborted", async () => {
    const held = acquireLock(file, () => "held");
    const controller = new AbortController();

    const waiting = waitForLock(file, { signal: controller.signal });
    controller.abort();

    await expect(waiting).rejects.toThrow();
    held.release();
  });
});
