import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pruneSnapshots, snapshotTree } from "./build-snapshot.js";

describe("build snapshots", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "microtickets-snapshot-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("copies a tree as hard links, unaffected by files later replaced at the source", async () => {
    await mkdir(join(dir, "build", "chunks"), { recursive: true });
    await writeFile(join(dir, "build", "chunks", "a.js"), "first");

    await snapshotTree(join(dir, "build"), join(dir, "copy"));
    // A second name for the same file, not a copy of its bytes.
    expect((await stat(join(dir, "copy", "chunks", "a.js"))).nlink).toBe(2);
    await rm(join(dir, "build"), { recursive: true });
    await mkdir(join(dir, "build", "chunks"), { recursive: true });
    await writeFile(join(dir, "build", "chunks", "a.js"), "second");

    expect(await readFile(join(dir, "copy", "chunks", "a.js"), "utf8")).toBe("first");
  });

  it("prunes old snapshots nobody runs, keeping the current, the recent and the running", async () => {
    const snapshots = join(dir, "snapshots");
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    for (const name of ["current", "old", "running", "recent"]) {
      await mkdir(join(snapshots, name, "client"), { recursive: true });
      if (name !== "recent") await utimes(join(snapshots, name), hourAgo, hourAgo);
    }
    const server = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], {
      cwd: join(snapshots, "running", "client"),
    });
    try {
      await new Promise((resolve) => server.once("spawn", resolve));

      await pruneSnapshots(snapshots, "current");

      expect(existsSync(join(snapshots, "old"))).toBe(false);
      for (const kept of ["current", "running", "recent"]) {
        expect(existsSync(join(snapshots, kept))).toBe(true);
      }
    } finally {
      server.kill();
    }
  });
});
