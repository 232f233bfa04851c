import { relative } from "node:path";
import {
  describeExit,
  type Exit,
  type LoggedProcess,
  spawnLogged,
  stopProcess,
  waitForAnswer,
} from "@microtickets/dev-servers";

export interface ReplicaOptions {
  /** As printed: `auth`, or `auth-2` when there are several. */
  label: string;
  /** Node's arguments, relative to `cwd`: see `nodeArguments` in services.ts. */
  args: readonly string[];
  cwd: string;
  port: number;
  env: NodeJS.ProcessEnv;
  logFile: string;
  log: (line: string) => void;
  readyTimeoutMs?: number;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** Up this long, a crash counts as new rather than as the same failure repeating. */
const STABLE_AFTER_MS = 60_000;

/**
 * One running copy of a service: started and awaited until `GET /readyz` is 200, restarted with
 * a growing delay when it dies, stopped with SIGTERM (its graceful shutdown) then SIGKILL.
 */
export class Replica {
  readonly #options: ReplicaOptions;
  #process: LoggedProcess | undefined;
  #stopping = false;
  #restartDelayMs = FIRST_RESTART_DELAY_MS;
  #restartTimer: NodeJS.Timeout | undefined;

  constructor(options: ReplicaOptions) {
    this.#options = options;
  }

  /** The log as the user would type it, relative to the repository. */
  get #shownLog(): string {
    return relative(this.#options.cwd, this.#options.logFile);
  }

  get label(): string {
    return this.#options.label;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#options.port}`;
  }

  /** Resolves with the milliseconds it took to become ready. */
  async start(): Promise<number> {
    const began = performance.now();
    const running = spawnLogged(process.execPath, [...this.#options.args], this.#options.logFile, {
      cwd: this.#options.cwd,
      env: this.#options.env,
    });
    this.#process = running;
    try {
      const timeoutMs = this.#options.readyTimeoutMs ?? READY_TIMEOUT_MS;
      const answers = () => this.#answersReady();
      await waitForAnswer(this.label, running, answers, timeoutMs, this.#shownLog);
    } catch (error) {
      await this.#kill(running);
      throw error;
    }
    const readyAt = performance.now();
    void running.exited.then((exit) => this.#exited(running, exit, performance.now() - readyAt));
    return Math.round(readyAt - began);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    if (this.#process) await this.#kill(this.#process);
  }

  async #kill(running: LoggedProcess): Promise<void> {
    const pid = running.child.pid;
    if (pid === undefined) return;
    // The whole process group: whatever the service spawned goes with it.
    await stopProcess(
      running.exited,
      (signal) => process.kill(-pid, signal),
      "SIGTERM",
      STOP_GRACE_MS,
    );
  }

  async #answersReady(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      return response.status === 200;
    } catch {
      return false;
    }
  }

  #exited(running: LoggedProcess, exit: Exit, upForMs: number): void {
    if (this.#stopping || running !== this.#process) return;
    if (upForMs > STABLE_AFTER_MS) this.#restartDelayMs = FIRST_RESTART_DELAY_MS;
    this.#options.log(`✗ ${this.#options.label} ${describeExit(exit)}; see ${this.#shownLog}`);
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    const delayMs = this.#restartDelayMs;
    this.#restartDelayMs = Math.min(delayMs * 2, MAX_RESTART_DELAY_MS);
    this.#options.log(`  restarting ${this.#options.label} in ${delayMs / 1000} s`);
    this.#restartTimer = setTimeout(() => void this.#restart(), delayMs);
  }

  /**
   * Runs the same `args` again without building first, even when the sources have changed
   * since: a crashed service comes back on the build it was started on, as a crashed container
   * restarts its image, rather than on new code beside the others on old, with a tsc run (or a
   * broken edit) in the way of its recovery. To run edits, restart `npm start`, which rebuilds
   * what changed. (npm-watch.ts restarts nothing: it stops the launcher when npm goes.) The
   * exception: dist/ is rebuilt in place, so if another launcher on this checkout rebuilt it
   * meanwhile, the replica comes back on that newer build (see service-build.ts).
   */
  async #restart(): Promise<void> {
    if (this.#stopping) return;
    try {
      const readyInMs = await this.start();
      if (this.#stopping) return;
      this.#options.log(`✓ ${this.#options.label} back (ready in ${readyInMs} ms)`);
    } catch (error) {
      if (this.#stopping) return;
      this.#options.log(`✗ ${error instanceof Error ? error.message : String(error)}`);
      this.#scheduleRestart();
    }
  }
}
