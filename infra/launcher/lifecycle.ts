import { SetupError } from "@microtickets/dev-servers";

/** Thrown at a start-up checkpoint once a stop was requested. */
export class StopRequested extends Error {
  override name = "StopRequested";
}

/**
 * What was started, to be undone newest first. A Ctrl-C can arrive mid start-up: the start-up
 * then stops at its next checkpoint, and whatever it registered meanwhile is undone too.
 */
export class Lifecycle {
  readonly #cleanups: Array<() => Promise<void> | void> = [];
  #stopRequested = false;
  #draining: Promise<void> | undefined;

  get stopRequested(): boolean {
    return this.#stopRequested;
  }

  onStop(cleanup: () => Promise<void> | void): void {
    this.#cleanups.push(cleanup);
  }

  checkpoint(): void {
    if (this.#stopRequested) throw new StopRequested();
  }

  /** Runs the registered cleanups (again, for ones registered since); errors are reported, not fatal. */
  async stop(): Promise<void> {
    this.#stopRequested = true;
    while (this.#draining) await this.#draining;
    this.#draining = this.#drain();
    await this.#draining;
    this.#draining = undefined;
  }

  async #drain(): Promise<void> {
    for (let cleanup = this.#cleanups.pop(); cleanup; cleanup = this.#cleanups.pop()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(
          `  while stopping: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}

/**
 * Runs `start` and keeps the process up until SIGINT, SIGTERM or SIGHUP (a closed terminal,
 * which would otherwise kill us and orphan the servers), or `onLost` fires. Then stops
 * everything and exits 0; a failed start prints its reason, stops what it started, exits 1.
 */
export function runUntilStopped(
  start: (lifecycle: Lifecycle) => Promise<void>,
  onLost?: (stop: () => void) => void,
): void {
  const lifecycle = new Lifecycle();
  const shutdown = async (code: number) => {
    await lifecycle.stop();
    // A start-up interrupted mid-step registers what that step started once it returns.
    await startup.catch(() => {});
    await lifecycle.stop();
    if (code === 0) console.log("stopped");
    process.exit(code);
  };
  const onSignal = () => {
    if (lifecycle.stopRequested) return;
    console.log("\nstopping …");
    void shutdown(0);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
  onLost?.(onSignal);

  const startup = start(lifecycle);
  startup.catch((error: unknown) => {
    // Stopping mid start-up makes steps fail; the signal's shutdown reports and exits.
    if (lifecycle.stopRequested) return;
    console.error(error instanceof SetupError ? `✗ ${error.message}` : error);
    void shutdown(1);
  });
}
