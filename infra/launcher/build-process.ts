import { type Exit, type LoggedProcess, stopProcess } from "@microtickets/dev-servers";

const BUILD_STOP_GRACE_MS = 5_000;

/**
 * Waits for a build started with `spawnLogged`. An abort (Ctrl-C) stops its whole process
 * group: npm runs a script in a shell that runs tsc, and next build runs workers of its own.
 */
export async function awaitBuild(build: LoggedProcess, signal?: AbortSignal): Promise<Exit> {
  const stop = () => {
    const pid = build.child.pid;
    if (pid === undefined) return;
    void stopProcess(
      build.exited,
      (sig) => process.kill(-pid, sig),
      "SIGTERM",
      BUILD_STOP_GRACE_MS,
    );
  };
  signal?.addEventListener("abort", stop, { once: true });
  try {
    return await build.exited;
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}
