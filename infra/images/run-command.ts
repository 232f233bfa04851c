import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

export interface CommandResult {
  /** The exit code; 124 when it ran out of time (as timeout(1) says), 127 when it could not start. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  /** Both streams are appended here as they come (a build's log), besides being kept. */
  logFile?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Every program runs in a process group of its own: what it starts goes with it when it is
 * stopped. (`buildah run` killed alone leaves the container's process running, orphaned.)
 */
const runningGroups = new Set<number>();

/** Stops every program still running, and all they started (npm run images interrupted). */
export function stopRunningCommands(signal: NodeJS.Signals = "SIGTERM"): void {
  for (const group of runningGroups) killGroup(group, signal);
}

function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // Already gone.
  }
}

/** A program started by `startCommand`, still running or not. */
export interface RunningCommand {
  /** Unset when it could not be started. */
  pid: number | undefined;
  /** Resolves when it has exited, with what it printed; never rejects. */
  finished: Promise<CommandResult>;
  /**
   * Sends a signal to the program alone, not to its group: a runner that forwards signals
   * (`buildah run`, `podman run`) must not have the container's process signalled twice.
   */
  signal(signal: NodeJS.Signals): void;
  /** Stops it and everything it started (its whole group) with SIGKILL. */
  kill(): void;
}

/** Starts a program and keeps what it prints; `finished` never rejects for a failed exit. */
export function startCommand(
  argv: readonly string[],
  options: CommandOptions = {},
): RunningCommand {
  const [program, ...args] = argv;
  if (!program) throw new Error("startCommand: no program");
  const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const group = child.pid;
  if (group !== undefined) runningGroups.add(group);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    out.push(chunk);
    log?.write(chunk);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    err.push(chunk);
    log?.write(chunk);
  });
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          if (group !== undefined) killGroup(group, "SIGKILL");
        }, options.timeoutMs);
  const finished = new Promise<CommandResult>((resolve) => {
    const finish = (code: number, extra = "") => {
      clearTimeout(timer);
      if (group !== undefined) runningGroups.delete(group);
      log?.end();
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8") + extra,
      });
    };
    child.on("error", (error) => finish(127, `${program}: ${error.message}\n`));
    child.on("close", (code, signal) => {
      if (timedOut) finish(124, `${program}: no exit within ${options.timeoutMs} ms\n`);
      else finish(code ?? (signal ? 128 : 1));
    });
  });
  return {
    pid: child.pid,
    finished,
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    kill: () => {
      if (group !== undefined && runningGroups.has(group)) killGroup(group, "SIGKILL");
    },
  };
}

/** Runs a program to its end and keeps what it printed; never throws for a failed exit. */
export function runCommand(
  argv: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  if (!argv[0]) throw new Error("runCommand: no program");
  return startCommand(argv, options).finished;
}

/** Whether a program runs and exits 0 (`podman --version`, `docker info`). */
export async function succeeds(argv: readonly string[], timeoutMs = 20_000): Promise<boolean> {
  return (await runCommand(argv, { timeoutMs })).code === 0;
}
