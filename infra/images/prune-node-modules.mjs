// Plain JavaScript on purpose: it runs inside the image build, with the base image's node and
// no TypeScript. `node prune-node-modules.mjs <node_modules dir>…` deletes what a production
// process never loads: type declarations, source maps, TypeScript sources, Markdown, and a
// package's own tests, benchmarks and examples (bintrees alone ships 2.3 MB of test data).
// Together about 45% of a service's production dependencies. Licence and notice files stay:
// the image redistributes those packages.
import { existsSync, lstatSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const NEVER_LOADED = [/\.d\.[cm]?ts$/, /\.map$/, /\.[cm]?ts$/, /\.tsx$/, /\.(md|markdown)$/i];
const KEPT_FOR_THE_LICENCE = /^(licen[cs]e|notice|copying|authors)(\.|$)/i;
/** Folders a package keeps for its own development, beside its package.json. */
const DEVELOPMENT_FOLDERS = new Set([
  "test",
  "tests",
  "__tests__",
  "benchmark",
  "benchmarks",
  "example",
  "examples",
  ".github",
]);

/** Whether a file (its name only) is something node never reads at run time. */
export function isPrunable(fileName) {
  if (KEPT_FOR_THE_LICENCE.test(fileName)) return false;
  return NEVER_LOADED.some((pattern) => pattern.test(fileName));
}

/**
 * Whether a folder is a package's tests, benchmarks or examples: named so, in a package's
 * root (beside its package.json), so a package that is itself named `test` is kept.
 */
export function isDevelopmentFolder(folderName, parentIsPackage) {
  return parentIsPackage && DEVELOPMENT_FOLDERS.has(folderName);
}

function sizeOf(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    bytes += entry.isDirectory() ? sizeOf(path) : lstatSync(path).size;
  }
  return bytes;
}

/** Deletes the prunable files and folders under `dir` (links are left alone); the bytes freed. */
export function pruneTree(dir) {
  let freed = 0;
  const isPackage = existsSync(join(dir, "package.json"));
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && isDevelopmentFolder(entry.name, isPackage)) {
      freed += sizeOf(path);
      rmSync(path, { recursive: true });
    } else if (entry.isDirectory()) {
      freed += pruneTree(path);
    } else if (entry.isFile() && isPrunable(entry.name)) {
      freed += lstatSync(path).size;
      rmSync(path);
    }
  }
  return freed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const dir of process.argv.slice(2)) {
    const freed = pruneTree(dir);
    console.log(`pruned ${(freed / 1e6).toFixed(1)} MB from ${dir}`);
  }
}
