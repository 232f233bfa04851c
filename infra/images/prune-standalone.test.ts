import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pruneStandalone } from "./prune-standalone.mjs";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A standalone output as `next build` lays it out from the workspace root. */
function standalone(images: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "standalone-"));
  made.push(dir);
  mkdirSync(join(dir, "client", ".next"), { recursive: true });
  writeFileSync(
    join(dir, "client", ".next", "required-server-files.json"),
    JSON.stringify({ config: { images } }),
  );
  for (const name of ["next", "sharp", "@img/sharp-libvips-linux-x64"]) {
    mkdirSync(join(dir, "node_modules", name), { recursive: true });
  }
  return dir;
}

describe("pruning the storefront's standalone output", () => {
  it("removes sharp and its libvips when the built config says images are not optimized", () => {
    const root = standalone({ unoptimized: true });
    expect(pruneStandalone(root, "client")).toEqual(["sharp", "@img"]);
    expect(existsSync(join(root, "node_modules", "sharp"))).toBe(false);
    expect(existsSync(join(root, "node_modules", "@img"))).toBe(false);
    expect(existsSync(join(root, "node_modules", "next"))).toBe(true);
  });

  it("keeps sharp when images are optimized, as they are by default", () => {
    const root = standalone({ unoptimized: false });
    expect(pruneStandalone(root, "client")).toEqual([]);
    expect(existsSync(join(root, "node_modules", "sharp"))).toBe(true);
    expect(pruneStandalone(standalone({}), "client")).toEqual([]);
  });
});
