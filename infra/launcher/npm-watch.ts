import { readFileSync } from "node:fs";

const CHECK_EVERY_MS = 1_000;

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 4, counted after the parenthesised program name, which may itself contain spaces.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function isNpm(pid: number): boolean {
  try {
    return /^npm(\0| |$)/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return false;
  }
}

/**
 * `kill <npm's pid>` makes npm kill its `sh -c` and exit, leaving tsx and us running with
 * nobody to stop us. So, when started through npm, treat the loss of npm or of any process
 * between it and us as a SIGTERM. Linux only (/proc); a no-op elsewhere or when run directly.
 */
export function stopWhenNpmGoes(onGone: () => void): void {
  if (!process.env.npm_lifecycle_event) return;
  const chain: number[] = [];
  for (let pid = parentOf(process.pid); pid !== undefined && pid > 1 && chain.length < 6; ) {
    chain.push(pid);
    if (isNpm(pid)) break;
    pid = parentOf(pid);
  }
  const npm = chain.at(-1);
  if (npm === undefined || !isNpm(npm)) return;
  const originalParents = new Map(chain.map((pid) => [pid, parentOf(pid)]));
  const timer = setInterval(() => {
    // Gone, or its pid reparented (a dead process's pid reused would have another parent).
    const lost = chain.some((pid) => parentOf(pid) !== originalParents.get(pid));
    if (lost) {
      clearInterval(timer);
      onGone();
    }
  }, CHECK_EVERY_MS);
  timer.unref();
}
