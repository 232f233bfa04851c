import { accessSync, constants, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Where server programs may live. Debian puts nats-server in /usr/sbin, which is not on a normal
 * user's PATH, and PostgreSQL's server programs in /usr/lib/postgresql/<major>/bin, never on PATH.
 */
export function defaultSearchDirs(): string[] {
  const onPath = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const standard = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
  return [...new Set([...onPath, ...standard, ...postgresLibDirs()])];
}

/** /usr/lib/postgresql/<major>/bin, newest major first. */
function postgresLibDirs(root = "/usr/lib/postgresql"): string[] {
  try {
    return readdirSync(root)
      .filter((entry) => /^\d+(\.\d+)?$/.test(entry))
      .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
      .map((major) => join(root, major, "bin"));
  } catch {
    return [];
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findExecutable(name: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Every directory holding all of `names`, in search order: initdb and postgres must match. */
export function dirsWithAll(names: readonly string[], dirs: readonly string[]): string[] {
  return dirs.filter((dir) => names.every((name) => isExecutable(join(dir, name))));
}
