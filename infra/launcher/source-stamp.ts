import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";

/**
 * A hash of every file under `paths` (files or folders, relative to `root`; missing ones count
 * as missing): names and contents, in a fixed order, so it changes exactly when one of them does.
 * `ignore` leaves out files (given relative to `root`) that are no input of what is stamped.
 */
export async function sourceStamp(
  root: string,
  paths: readonly string[],
  ignore: (file: string) => boolean = () => false,
): Promise<string> {
  const files = (await Promise.all(paths.map((path) => filesUnder(join(root, path))))).flat();
  const hash = createHash("sha256");
  for (const file of [...new Set(files)].sort()) {
    if (ignore(relative(root, file))) continue;
    hash.update(`${relative(root, file)}\0`);
    hash.update(await readFile(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

async function filesUnder(path: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR") return [path];
    if (code === "ENOENT") return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = join(path, entry.name);
      if (entry.isDirectory()) return filesUnder(full);
      return Promise.resolve(entry.isFile() ? [full] : []);
    }),
  );
  return nested.flat();
}
