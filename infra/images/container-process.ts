// The container's own process under `buildah run`, found among the runner's descendants: a
// signal for it must be sent to it directly. buildah 1.28 does not forward SIGTERM; killed, it
// takes the container's process down with SIGKILL, so a drain would never run.
import { readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";

/** One process as /proc shows it. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  argv: string[];
}

/** The parent's pid in `/proc/<pid>/stat`: after the command's name, which may hold ") ". */
export function parentPid(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

/**
 * The descendant of `runner` running `command`. The chroot's runtime execs it by its resolved
 * path (`/usr/local/bin/node dist/index.js` for `node dist/index.js`), so argv[0] is matched by
 * its name; buildah's own helpers between (buildah-chroot-runtime, buildah-chroot-exec) differ.
 */
export function findContainerProcess(
  processes: readonly ProcessEntry[],
  runner: number,
  command: readonly string[],
): number | undefined {
  const descendants = new Set<number>();
  const pending = [runner];
  for (let parent = pending.pop(); parent !== undefined; parent = pending.pop()) {
    for (const entry of processes) {
      if (entry.ppid === parent && !descendants.has(entry.pid)) {
        descendants.add(entry.pid);
        pending.push(entry.pid);
      }
    }
  }
  const [program, ...args] = command;
  return processes.find(
    ({ pid, argv }) =>
      descendants.has(pid) &&
      program !== undefined &&
      basename(argv[0] ?? "") === basename(program) &&
      argv.length === command.length &&
      args.every((arg, index) => argv[index + 1] === arg),
  )?.pid;
}

/** Every process of this machine that can still be read (one may end while it is read). */
export function listProcesses(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const ppid = parentPid(readFileSync(`/proc/${name}/stat`, "utf8"));
      const argv = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").slice(0, -1);
      if (ppid !== undefined) entries.push({ pid: Number(name), ppid, argv });
    } catch {
      // Gone already.
    }
  }
  return entries;
}
