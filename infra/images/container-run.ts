import { findContainerProcess, listProcesses } from "./container-process.js";
import type { Engine } from "./engine.js";
import { isolation } from "./engine.js";
import { type CommandResult, runCommand, startCommand } from "./run-command.js";

/** Working containers the smoke checks make are named so; a run that died left them behind. */
export const SMOKE_CONTAINER_PREFIX = "microtickets-smoke-";

export interface ContainerRun {
  image: string;
  /** Run as the image's USER in its WORKDIR, with its ENV and only `env` besides. */
  command: readonly string[];
  env?: Readonly<Record<string, string>>;
  /**
   * Shares the machine's network, so it reaches servers on 127.0.0.1 and is reached on its
   * PORT there. buildah's chroot isolation always does (it has no network namespace).
   */
  hostNetwork?: boolean;
  timeoutMs: number;
  /** Everything it prints is appended here as it comes. */
  logFile?: string;
}

const envFlags = (env: Readonly<Record<string, string>> = {}) =>
  Object.entries(env).flatMap(([name, value]) => ["--env", `${name}=${value}`]);

export function buildahRunCommand(container: string, run: ContainerRun): string[] {
  return [
    "buildah",
    "run",
    `--isolation=${isolation()}`,
    ...envFlags(run.env),
    container,
    "--",
    ...run.command,
  ];
}

export function engineRunCommand(engine: "podman" | "docker", run: ContainerRun): string[] {
  const network = run.hostNetwork ? ["--network=host"] : [];
  return [
    engine,
    "run",
    "--rm",
    "--pull=never",
    ...network,
    ...envFlags(run.env),
    run.image,
    ...run.command,
  ];
}

/** buildah's own words after the program's, when the program exited non-zero. */
const BUILDAH_EXIT_NOTES = [/^subprocess exited with status \d+$/, /^Error: exit status \d+$/];

export function withoutRunnerNotes(stderr: string): string {
  return stderr
    .split("\n")
    .filter((line) => !BUILDAH_EXIT_NOTES.some((note) => note.test(line.trim())))
    .join("\n");
}

/** Runs one command in a new container of an image, and removes the container after. */
export async function runInContainer(engine: Engine, run: ContainerRun): Promise<CommandResult> {
  const started = await startInContainer(engine, run);
  return started.finished;
}

/** A command started in a new container; the container is removed once it has exited. */
export interface RunningContainer {
  /** Resolves once it has exited and its container is gone. */
  finished: Promise<CommandResult>;
  /**
   * Sends a signal to the container's process, as a kubelet does: under buildah straight to it
   * (container-process.ts); `podman run` and `docker run` pass it on to theirs themselves.
   */
  signal(signal: NodeJS.Signals): void;
  /** SIGKILLs the runner and the container's process with it. */
  kill(): void;
}

const newContainerName = () =>
  `${SMOKE_CONTAINER_PREFIX}${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/** Starts one command in a new container of an image; its container goes when it exits. */
export async function startInContainer(
  engine: Engine,
  run: ContainerRun,
): Promise<RunningContainer> {
  const options = { timeoutMs: run.timeoutMs, logFile: run.logFile };
  if (engine.runner !== "buildah") {
    return startCommand(engineRunCommand(engine.runner, run), options);
  }
  const name = newContainerName();
  const from = await runCommand([
    "buildah",
    "from",
    "--pull=never",
    "--quiet",
    "--name",
    name,
    run.image,
  ]);
  if (from.code !== 0) return { finished: Promise.resolve(from), signal() {}, kill() {} };
  const running = startCommand(buildahRunCommand(name, run), options);
  const finished = running.finished.then(async (result) => {
    await runCommand(["buildah", "rm", name]);
    return { ...result, stderr: withoutRunnerNotes(result.stderr) };
  });
  const signal = (signal: NodeJS.Signals) => {
    const runner = running.pid;
    const own =
      runner === undefined ? undefined : findContainerProcess(listProcesses(), runner, run.command);
    // Not there (not started yet, or gone): buildah stops it its own way.
    if (own === undefined) return running.signal(signal);
    try {
      process.kill(own, signal);
    } catch {
      // It exited meanwhile.
    }
  };
  return { finished, signal, kill: running.kill };
}

/** How podman build names the container of each step: `<image id>-working-container[-N]`. */
export const BUILD_CONTAINER = /-working-container(-\d+)?$/;

async function containerNames(): Promise<string[]> {
  const listed = await runCommand(["buildah", "containers", "--format", "{{.ContainerName}}"]);
  return listed.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((name) => name !== "");
}

/** The working containers there are now (podman's and buildah's share one store). */
export async function workingContainers(engine: Engine): Promise<Set<string>> {
  return new Set(engine.runner === "buildah" ? await containerNames() : []);
}

/**
 * The containers of ours an interrupted run left: every smoke container (named so), and the
 * build containers that appeared since `before` (podman 4 leaves them when a build is stopped).
 */
export function leftovers(names: readonly string[], before: ReadonlySet<string>): string[] {
  return names.filter(
    (name) =>
      name.startsWith(SMOKE_CONTAINER_PREFIX) || (!before.has(name) && BUILD_CONTAINER.test(name)),
  );
}

export async function removeLeftoverContainers(
  engine: Engine,
  before: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (engine.runner !== "buildah") return;
  const ours = leftovers(await containerNames(), before);
  if (ours.length > 0) await runCommand(["buildah", "rm", ...ours]);
}
