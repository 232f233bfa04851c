import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./launcher/paths.js";
import { SERVICES } from "./launcher/services.js";

// What may import what, checked over every TypeScript file of the repository: a package is a
// folder with a package.json, and another package is reached only through its name and the
// subpaths its `exports` declare, never by a relative path into its folder.

/** A folder with a package.json; `""` is the repository root. */
interface Package {
  dir: string;
  name: string;
  /** The subpaths its `exports` declare (`.`, `./api`); `.` alone when it has none. */
  exports: string[];
  dependencies: string[];
  devDependencies: string[];
}

interface Import {
  file: string;
  specifier: string;
  /** The package the importing file belongs to. */
  from: Package;
}

interface Repo {
  packages: Package[];
  imports: Import[];
  /** The folders of the backend services. */
  services: string[];
}

/** `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`. */
const IMPORT =
  /\b(?:import|export)\s+(?:[\w$*{},\s]+?\s+from\s+)?["']([^"'\n]+)["']|\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)/g;
const WORKSPACE = /^(@microtickets\/[^/]+)(\/.+)?$/;
const TEST_FILE = /\.test\.tsx?$/;
/** git pathspecs of what is read: the manifests and the sources. */
const LISTED = ["package.json", "*/package.json", "*.ts", "*.tsx", "*.mts"];

function specifiers(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? "");
}

function packageOf(packages: readonly Package[], path: string): Package | undefined {
  return packages
    .filter((pkg) => pkg.dir === "" || path.startsWith(`${pkg.dir}/`))
    .sort((a, b) => b.dir.length - a.dir.length)[0];
}

function declaredExports(exports: unknown): string[] {
  if (exports === undefined || typeof exports === "string") return ["."];
  const keys = Object.keys(exports as object);
  // Conditions alone (`{ "source": …, "default": … }`) describe ".".
  return keys.every((key) => key.startsWith(".")) ? keys : ["."];
}

function packageFrom(dir: string, json: string): Package {
  const manifest = JSON.parse(json) as {
    name: string;
    exports?: unknown;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return {
    dir,
    name: manifest.name,
    exports: declaredExports(manifest.exports),
    dependencies: Object.keys(manifest.dependencies ?? {}),
    devDependencies: Object.keys(manifest.devDependencies ?? {}),
  };
}

/** The model of a repository given as file contents by path (package.json files among them). */
function repoOf(files: Record<string, string>, services: string[]): Repo {
  const packages = Object.entries(files)
    .filter(([path]) => posix.basename(path) === "package.json")
    .map(([path, json]) => packageFrom(posix.dirname(path).replace(/^\.$/, ""), json));
  const imports = Object.entries(files)
    .filter(([path]) => /\.(ts|tsx|mts)$/.test(path))
    .flatMap(([file, source]) => {
      const from = packageOf(packages, file);
      if (!from) throw new Error(`${file} belongs to no package`);
      return specifiers(source).map((specifier) => ({ file, specifier, from }));
    });
  return { packages, imports, services };
}

function loadRepo(): Repo {
  const listed = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...LISTED],
    { cwd: repoRoot, encoding: "utf8" },
  );
  const skipped = /(^|\/)(node_modules|dist|\.next)\//;
  const paths = listed
    .split("\0")
    .filter((path) => path && !skipped.test(path) && existsSync(join(repoRoot, path)));
  const files = Object.fromEntries(
    paths.map((path) => [path, readFileSync(join(repoRoot, path), "utf8")]),
  );
  const services = SERVICES.filter((entry) => (entry.kind ?? "service") === "service");
  return repoOf(
    files,
    services.map((entry) => entry.dir),
  );
}

/** The package a relative import lands in; undefined when it leaves the repository. */
function relativeTarget(repo: Repo, { file, specifier }: Import): Package | undefined {
  const target = posix.normalize(posix.join(posix.dirname(file), specifier));
  return target.startsWith("../") ? undefined : packageOf(repo.packages, target);
}

function workspaceTarget(repo: Repo, specifier: string) {
  const match = WORKSPACE.exec(specifier);
  if (!match) return undefined;
  const [, name = "", subpath] = match;
  const pkg = repo.packages.find((candidate) => candidate.name === name);
  return { name, subpath: subpath ? `.${subpath}` : ".", pkg };
}

const isRelative = (specifier: string) => specifier.startsWith(".");
const shown = ({ file, specifier }: Import) => `${file}: ${specifier}`;

function serviceImportsService(repo: Repo): string[] {
  const isService = (pkg: Package | undefined) =>
    pkg !== undefined && repo.services.includes(pkg.dir);
  return repo.imports
    .filter((entry) => isService(entry.from))
    .filter((entry) => {
      const target = isRelative(entry.specifier)
        ? relativeTarget(repo, entry)
        : workspaceTarget(repo, entry.specifier)?.pkg;
      return isService(target) && target !== entry.from;
    })
    .map(shown);
}

function relativeImportLeavesPackage(repo: Repo): string[] {
  return repo.imports
    .filter((entry) => isRelative(entry.specifier) && relativeTarget(repo, entry) !== entry.from)
    .map(shown);
}

function undeclaredSubpath(repo: Repo): string[] {
  return repo.imports
    .filter((entry) => {
      const target = workspaceTarget(repo, entry.specifier);
      return target && !target.pkg?.exports.includes(target.subpath);
    })
    .map(shown);
}

function commonImportsPackage(repo: Repo): string[] {
  return repo.imports
    .filter((entry) => entry.from.dir === "common")
    .filter((entry) => {
      const target = workspaceTarget(repo, entry.specifier);
      if (!target || target.name === entry.from.name) return false;
      return !(TEST_FILE.test(entry.file) && entry.from.devDependencies.includes(target.name));
    })
    .map(shown);
}

function undeclaredDependency(repo: Repo): string[] {
  return repo.imports
    .filter((entry) => {
      const target = workspaceTarget(repo, entry.specifier);
      if (!target || target.name === entry.from.name) return false;
      const { dependencies, devDependencies } = entry.from;
      return ![...dependencies, ...devDependencies].includes(target.name);
    })
    .map(shown);
}

describe("the package boundaries", () => {
  const repo = loadRepo();

  it("no service imports another service", () => {
    expect(serviceImportsService(repo)).toEqual([]);
  });

  it("no relative import leaves the package it is in", () => {
    expect(relativeImportLeavesPackage(repo)).toEqual([]);
  });

  it("a package is imported only by the subpaths its exports declare", () => {
    expect(undeclaredSubpath(repo)).toEqual([]);
  });

  it("common imports no other microtickets package, but its tests their devDependencies", () => {
    expect(commonImportsPackage(repo)).toEqual([]);
  });

  it("every package declares the microtickets packages it imports", () => {
    expect(undeclaredDependency(repo)).toEqual([]);
  });
});

describe("the boundary checker", () => {
  const manifest = (name: string, more: Record<string, unknown> = {}) =>
    JSON.stringify({ name: `@microtickets/${name}`, ...more });
  const deps = (...names: string[]) =>
    Object.fromEntries(names.map((name) => [`@microtickets/${name}`, "*"]));
  const api = { "./api": { source: "./src/api.ts" }, "./testing": { source: "./src/test-app.ts" } };
  // Sources built at run time, so that this file's own text holds none of their imports.
  const importing = (...names: string[]) =>
    names.map((name, i) => `import { a${i} } from "${name}";`).join("\n");
  const reExporting = (name: string) => `export { b } from "${name}";`;
  const importingLater = (name: string) => `const c = await import("${name}");`;
  const importingTypes = (name: string) => `import type {\n  D,\n  E,\n} from "${name}";`;
  const example = (files: Record<string, string>) =>
    repoOf(
      {
        "package.json": JSON.stringify({ name: "microtickets" }),
        "common/package.json": manifest("common", {
          exports: { ".": { source: "./src/index.ts" }, "./testing": {} },
          devDependencies: deps("dev-servers"),
        }),
        "infra/package.json": manifest("infra", { dependencies: deps("common", "tickets") }),
        "infra/dev-servers/package.json": manifest("dev-servers", { exports: { ".": {} } }),
        "tickets/package.json": manifest("tickets", { exports: api, dependencies: deps("orders") }),
        "orders/package.json": manifest("orders", { exports: api }),
        ...files,
      },
      ["tickets", "orders"],
    );

  it("catches a service importing another, by name or by path", () => {
    const repo = example({
      "tickets/src/a.ts": importingTypes("@microtickets/orders/api"),
      "tickets/src/b.ts": reExporting("../../orders/src/domain/order-json.js"),
      "tickets/src/c.ts": importing("./domain/ticket.js", "@microtickets/common"),
    });

    expect(serviceImportsService(repo)).toEqual([
      "tickets/src/a.ts: @microtickets/orders/api",
      "tickets/src/b.ts: ../../orders/src/domain/order-json.js",
    ]);
  });

  it("catches a relative import into another package, a nested one too", () => {
    const repo = example({
      "infra/bench/a.ts": importingLater("../../tickets/src/domain/listing.js"),
      "infra/e2e/b.ts": importing("../dev-servers/src/ports.js", "./client.js", "../launcher/x.js"),
      "infra/dev-servers/src/c.ts": importing("../../launcher/paths.js", "./ports.js"),
    });

    expect(relativeImportLeavesPackage(repo)).toEqual([
      "infra/bench/a.ts: ../../tickets/src/domain/listing.js",
      "infra/e2e/b.ts: ../dev-servers/src/ports.js",
      "infra/dev-servers/src/c.ts: ../../launcher/paths.js",
    ]);
  });

  it("catches a subpath the package does not export", () => {
    const repo = example({
      "infra/a.ts": importing(
        "@microtickets/common/src/bus/index.js",
        "@microtickets/common/testing",
        "@microtickets/tickets",
        "@microtickets/tickets/api",
        "@microtickets/nowhere",
      ),
    });

    expect(undeclaredSubpath(repo)).toEqual([
      "infra/a.ts: @microtickets/common/src/bus/index.js",
      "infra/a.ts: @microtickets/tickets",
      "infra/a.ts: @microtickets/nowhere",
    ]);
  });

  it("catches common importing a package, unless a test imports a devDependency", () => {
    const repo = example({
      "common/src/a.ts": importing("@microtickets/dev-servers", "@microtickets/common"),
      "common/src/b.test.ts": importing("@microtickets/dev-servers"),
      "common/src/c.test.ts": importing("@microtickets/tickets/api"),
    });

    expect(commonImportsPackage(repo)).toEqual([
      "common/src/a.ts: @microtickets/dev-servers",
      "common/src/c.test.ts: @microtickets/tickets/api",
    ]);
  });

  it("catches an import of a package the importer does not declare", () => {
    const repo = example({
      "infra/a.ts": importingTypes("@microtickets/orders/api"),
      "infra/b.ts": importing("@microtickets/tickets/api", "@microtickets/infra", "express"),
    });

    expect(undeclaredDependency(repo)).toEqual(["infra/a.ts: @microtickets/orders/api"]);
  });
});
