import {
  copyFile,
  link,
  mkdir,
  readdir,
  readlink,
  rename,
  rm,
  stat,
  symlink,
} from "node:fs/promises";
import { join } from "node:path";

/**
 * A copy of `from` at `to` made of hard links (a copy where links are impossible): instant, no
 * space, and immune to what later happens at `from`, since a rebuild there writes new files
 * rather than rewriting these. Made aside and renamed, so `to` is complete or absent.
 */
export async function snapshotTree(from: string, to: string): Promise<void> {
  const pending = `${to}.${process.pid}.pending`;
  await rm(pending, { recursive: true, force: true });
  await linkTree(from, pending);
  try {
    await rename(pending, to);
  } catch (error) {
    await rm(pending, { recursive: true, force: true });
    // Another process made the same snapshot first: the same files, so theirs will do.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
  }
}

async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
    else await link(source, target).catch(() => copyFile(source, target));
  }
}

/** A snapshot this young may be about to be run by a launcher that has just picked it. */
const RECENT_MS = 10 * 60_000;

/**
 * Removes the snapshots in `dir` other than `keep`, except recent ones and those a running
 * process works in (Next's standalone server makes its folder its working directory). Where
 * /proc cannot say, none.
 */
export async function pruneSnapshots(dir: string, keep: string, now = Date.now()): Promise<void> {
  const inUse = await workingDirectories();
  if (inUse === undefined) return;
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const name of entries) {
    const path = join(dir, name);
    if (name === keep || name.endsWith(".pending")) continue;
    if ([...inUse].some((cwd) => cwd === path || cwd.startsWith(`${path}/`))) continue;
    const made = await stat(path).then(
      (info) => info.mtimeMs,
      () => now,
    );
    if (now - made < RECENT_MS) continue;
    await rm(path, { recursive: true, force: true });
  }
}

async function workingDirectories(): Promise<Set<string> | undefined> {
  let pids: string[];
  try {
    pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const cwds = await Promise.all(pids.map((pid) => readlink(`/proc/${pid}/cwd`).catch(() => "")));
  return new Set(cwds.filter(Boolean));
}
