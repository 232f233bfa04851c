import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { lastLines } from "./log-tail.js";
import { SetupError } from "./setup-error.js";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when it could not be started at all (a missing program). */
  error?: string;
}

export interface LoggedProcess {
  child: ChildProcess;
  /** Settles once the process has exited (also when it could not be spawned). */
  exited: Promise<Exit>;
  logFile: string;
}

/**
 * Starts `command` with its output appended to `logFile`. Detached into its own process group
 * unless told otherwise, so a Ctrl-C in the terminal reaches only the launcher, which then stops
 * everything in order.
 */
export function spawnLogged(
  command: string,
  args: string[],
  logFile: string,
  {
    detached = true,
    ...options
  }: { cwd?: string; env?: NodeJS.ProcessEnv; detached?: boolean } = {},
): LoggedProcess {
  const fd = openSync(logFile, "a");
  try {
    // Logs are appended across runs: mark where this one begins.
    writeSync(fd, `--- ${new Date().toISOString()} ${command} ${args.join(" ")}\n`);
    const child = spawn(command, args, { ...options, detached, stdio: ["ignore", fd, fd] });
    const exited = new Promise<Exit>((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }));
      child.once("error", (error) => resolve({ code: null, signal: null, error: error.message }));
    });
    return { child, exited, logFile };
  } finally {
    closeSync(fd);
  }
}

export function describeExit(exit: Exit): string {
  if (exit.error) return `could not start: ${exit.error}`;
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code ?? "unknown"}`;
}

/**
 * Resolves once `answers()` is true; fails fast if the process exits first, and with the log's
 * last lines either way, since that is where the reason is.
 */
export async function waitForAnswer(
  name: string,
  server: LoggedProcess,
  answers: () => Promise<boolean>,
  timeoutMs: number,
  shownLogFile = server.logFile,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: Exit | undefined;
  void server.exited.then((value) => {
    exit = value;
  });
  while (!(await answers())) {
    const failure = exit
      ? `exited before it was ready (${describeExit(exit)})`
      : Date.now() > deadline
        ? `not ready within ${Math.round(timeoutMs / 1000)} s`
        : undefined;
    if (failure) {
      const tail = await lastLines(server.logFile, 20);
      throw new SetupError(
        [`${name} ${failure}; last lines of ${shownLogFile}:`, ...tail].join("\n  "),
      );
    }
    await delay(100);
  }
}

/** Sends `signal`, waits up to `graceMs`, then `forceSignal`; `send` picks the pid to signal. */
export async function stopProcess(
  exited: Promise<Exit>,
  send: (signal: NodeJS.Signals) => void,
  signal: NodeJS.Signals,
  graceMs: number,
  forceSignal: NodeJS.Signals = "SIGKILL",
): Promise<void> {
  const safeSend = (value: NodeJS.Signals) => {
    try {
      send(value);
    } catch {
      // Already gone: nothing to stop.
    }
  };
  safeSend(signal);
  const stopped = await Promise.race([exited.then(() => true), delay(graceMs, false)]);
  if (!stopped) {
    safeSend(forceSignal);
    await exited;
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    // EPERM: it exists, it just is not ours to signal.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** An exited process nobody reaped (a container whose init does not reap) is not running. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

/** The program name of `pid` on Linux; undefined where /proc does not exist. */
export function programName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return undefined;
  }
}

export function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n", 1)[0] ?? "", 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A server left behind by a launcher that was killed outright (SIGKILL, a closed terminal)
 * still holds its data directory and would make the new one refuse to start: stop it. A pid file
 * naming a dead process, or one now reused by another program, is removed.
 */
export async function stopOrphan(
  pidFile: string,
  program: string,
  signal: NodeJS.Signals,
  graceMs = 30_000,
): Promise<void> {
  const pid = readPid(pidFile);
  if (pid === undefined) return;
  const name = programName(pid);
  if (!isRunning(pid) || (name !== undefined && name !== program)) {
    try {
      unlinkSync(pidFile);
    } catch {
      // Someone else cleaned it up.
    }
    return;
  }
  const gone = (async () => {
    while (isRunning(pid)) await delay(100);
    return { code: null, signal: null };
  })();
  await stopProcess(gone, (value) => process.kill(pid, value), signal, graceMs);
}

/** Waits for a just-started server to answer, and stops it if it never does. */
export async function answerOrStop(
  name: string,
  server: LoggedProcess,
  answers: () => Promise<boolean>,
  timeoutMs: number,
  stop: () => Promise<void>,
): Promise<void> {
  try {
    await waitForAnswer(name, server, answers, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
}
