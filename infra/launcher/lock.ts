import { linkSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { isRunning, programName, readPid, SetupError } from "@microtickets/dev-servers";

export interface Lock {
  release(): void;
}

/**
 * One holder at a time, recorded as a pid file. A file naming a dead process, or a pid since
 * reused by something that is not Node, is stale and taken over.
 */
export function acquireLock(file: string, heldMessage: (pid: number) => string): Lock {
  // Our own pid in the file can only be a previous process's that had it: stale.
  const attempt = tryLock(file, { ownPidIsStale: true });
  if ("heldBy" in attempt) throw new SetupError(heldMessage(attempt.heldBy));
  return attempt;
}

const WAIT_POLL_MS = 200;

/**
 * The same lock, waited for: `onWait` is told once who holds it, and the lock is taken as soon as
 * the holder releases it or dies (a killed holder leaves a stale file, which is taken over).
 */
export async function waitForLock(
  file: string,
  options: { onWait?: (pid: number) => void; signal?: AbortSignal } = {},
): Promise<Lock> {
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    // Here our own pid is another caller in this process, waiting its turn like the rest.
    const attempt = tryLock(file, { ownPidIsStale: false });
    if (!("heldBy" in attempt)) return attempt;
    if (!told) options.onWait?.(attempt.heldBy);
    told = true;
    await delay(WAIT_POLL_MS, undefined, { signal: options.signal });
  }
}

function tryLock(
  file: string,
  { ownPidIsStale }: { ownPidIsStale: boolean },
): Lock | { heldBy: number } {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    if (create(file)) {
      let held = true;
      return {
        release: () => {
          // Once: a second release must not remove the lock of a caller who took it since.
          if (held && readPid(file) === process.pid) unlinkSync(file);
          held = false;
        },
      };
    }
    const holder = readPid(file);
    const ours = holder === process.pid;
    if (holder !== undefined && (ours ? !ownPidIsStale : isHeldBy(holder))) {
      return { heldBy: holder };
    }
    takeOverStale(file, holder);
  }
  throw new SetupError(`Could not take ${file}: another process keeps recreating it.`);
}

/**
 * Written aside, then linked into place: `link` fails if the file exists, like `wx`, but the
 * file never exists without its pid, so no one reads a half-written lock as stale.
 */
function create(file: string): boolean {
  const pending = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(pending, `${process.pid}\n`);
  try {
    linkSync(pending, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    unlinkSync(pending);
  }
}

/**
 * Moves the stale file aside (a rename moves one file, atomically, for one waiter only) and
 * removes it if it still names the stale holder. When another waiter took the lock over in
 * between, what was moved is its live lock: it goes back, and we keep waiting.
 */
function takeOverStale(file: string, staleHolder: number | undefined): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // Already gone: someone released or took it over.
  }
  if (readPid(aside) === staleHolder) {
    unlinkSync(aside);
    return;
  }
  try {
    linkSync(aside, file);
  } finally {
    unlinkSync(aside);
  }
}

function isHeldBy(pid: number): boolean {
  if (!isRunning(pid)) return false;
  const name = programName(pid);
  return name === undefined || name === "node";
}
