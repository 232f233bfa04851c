import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isDevelopmentFolder, isPrunable, pruneTree } from "./prune-node-modules.mjs";

describe("pruning production node_modules", () => {
  it("drops type declarations, source maps, TypeScript sources and Markdown", () => {
    for (const name of [
      "index.d.ts",
      "index.d.mts",
      "index.d.cts",
      "index.js.map",
      "schema.ts",
      "view.tsx",
      "README.md",
      "CHANGELOG.markdown",
    ]) {
      expect(isPrunable(name), name).toBe(true);
    }
  });

  it("keeps what node loads and what the licences require", () => {
    for (const name of [
      "index.js",
      "index.mjs",
      "index.cjs",
      "package.json",
      "binding.node",
      "LICENSE",
      "LICENSE.md",
      "license.markdown",
      "NOTICE.md",
      "COPYING",
    ]) {
      expect(isPrunable(name), name).toBe(false);
    }
  });

  it("drops a package's tests, benchmarks and examples, but not a package named like them", () => {
    for (const name of ["test", "tests", "__tests__", "benchmarks", "examples", ".github"]) {
      expect(isDevelopmentFolder(name, true), name).toBe(true);
    }
    expect(isDevelopmentFolder("test", false)).toBe(false);
    expect(isDevelopmentFolder("lib", true)).toBe(false);
    expect(isDevelopmentFolder("docs", true)).toBe(false);
  });

  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("deletes them at every depth, says how many bytes it freed, and leaves links and needed packages alone", () => {
    dir = mkdtempSync(join(tmpdir(), "prune-"));
    const pkg = join(dir, "node_modules", "pkg", "lib");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "index.js"), "module.exports = 1;\n");
    writeFileSync(join(pkg, "index.d.ts"), "export {};\n");
    writeFileSync(join(pkg, "index.js.map"), "{}\n");
    writeFileSync(join(dir, "node_modules", "pkg", "LICENSE.md"), "MIT\n");
    symlinkSync("lib/index.d.ts", join(dir, "node_modules", "pkg", "types.d.ts"));
    writeFileSync(join(dir, "node_modules", "pkg", "package.json"), "{}\n");
    mkdirSync(join(dir, "node_modules", "pkg", "test", "data"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "pkg", "test", "data", "100k.txt"), "0123456789");
    // A package named "test" is a dependency, not a package's tests.
    mkdirSync(join(dir, "node_modules", "test"));
    writeFileSync(join(dir, "node_modules", "test", "index.js"), "module.exports = 2;\n");

    expect(pruneTree(join(dir, "node_modules"))).toBe("export {};\n".length + "{}\n".length + 10);
    expect(existsSync(join(dir, "node_modules", "pkg", "test"))).toBe(false);
    expect(existsSync(join(dir, "node_modules", "test", "index.js"))).toBe(true);
    expect(existsSync(join(pkg, "index.js"))).toBe(true);
    expect(existsSync(join(pkg, "index.d.ts"))).toBe(false);
    expect(existsSync(join(pkg, "index.js.map"))).toBe(false);
    expect(existsSync(join(dir, "node_modules", "pkg", "LICENSE.md"))).toBe(true);
    expect(lstatSync(join(dir, "node_modules", "pkg", "types.d.ts")).isSymbolicLink()).toBe(true);
  });
});
