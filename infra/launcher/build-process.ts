import { setTimeout as delay } from "node:timers/promises";
import type { Exit, LoggedProcess } from "@microtickets/dev-servers";

const BUILD_STOP_GRACE_MS = 5_000;
const GONE_POLL_MS = 20;

/** Whether any process of the group `pgid` is still alive (signal 0 only checks). */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the whole group, SIGKILL to what is left after the grace period; resolves once no
 * process of it is left. The group's leader may exit before its children (npm before tsc), so
 * its exit alone does not say the build has stopped.
 */
async function stopGroup(pgid: number): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pgid, name);
    } catch {}
  };
  const goneWithin = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (groupAlive(pgid) && Date.now() < deadline) await delay(GONE_POLL_MS);
    return !groupAlive(pgid);
  };
  signal("SIGTERM");
  if (await goneWithin(BUILD_STOP_GRACE_MS)) return;
  signal("SIGKILL");
  // Bounded: an orphan nobody reaps (a container without an init) would look alive for ever.
  await goneWithin(BUILD_STOP_GRACE_MS);
}

/**
 * Waits for a build started with `spawnLogged` (in a process group of its own). An abort
 * (Ctrl-C) stops the whole group, and this resolves only once all of it is gone: npm runs a
 * script in a shell that runs tsc, and next build runs workers of its own.
 */
export async function awaitBuild(build: LoggedProcess, signal?: AbortSignal): Promise<Exit> {
  let stopped: Promise<void> | undefined;
  const stop = () => {
    const pid = build.child.pid;
    if (pid !== undefined) stopped = stopGroup(pid);
  };
  signal?.addEventListener("abort", stop, { once: true });
  try {
    const exit = await build.exited;
    await stopped;
    return exit;
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}
