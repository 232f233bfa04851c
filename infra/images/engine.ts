import { SetupError } from "@microtickets/dev-servers";
import {
  detectHost,
  type HostFacts,
  installCommand,
  installPackages,
} from "../launcher/install.js";
import { succeeds } from "./run-command.js";

export type EngineName = "podman" | "docker";

/** What builds the images, and what runs a container of one for the smoke checks. */
export interface Engine {
  name: EngineName;
  /**
   * podman builds; buildah runs (a sandbox that refuses to set rlimits refuses `podman run`,
   * but not `buildah run --isolation chroot`). docker does both itself.
   */
  runner: "buildah" | "podman" | "docker";
}

/** What answered on this machine. `docker` alone is only a client: its engine must answer. */
export interface EngineProbe {
  podman: boolean;
  buildah: boolean;
  dockerEngine: boolean;
}

/** The packages that give a Debian or Ubuntu machine an engine (buildah for the smoke runs). */
export const ENGINE_PACKAGES = ["podman", "buildah"] as const;

/**
 * Podman first (no daemon, and what CI installs), docker where its engine answers; CONTAINER_ENGINE
 * picks one of them when both are there.
 */
export function chooseEngine(probe: EngineProbe, preferred?: string): Engine | undefined {
  const podman: Engine | undefined = probe.podman
    ? { name: "podman", runner: probe.buildah ? "buildah" : "podman" }
    : undefined;
  const docker: Engine | undefined = probe.dockerEngine
    ? { name: "docker", runner: "docker" }
    : undefined;
  if (preferred === "docker") return docker ?? podman;
  return podman ?? docker;
}

/** How podman and buildah isolate a build's RUN steps: BUILDAH_ISOLATION, else chroot. */
export const isolation = (env: NodeJS.ProcessEnv = process.env): string =>
  env.BUILDAH_ISOLATION || "chroot";

export interface BuildRequest {
  dockerfile: string;
  tag: string;
  baseImage: string;
  context: string;
}

/** The build command line; the base image reaches every stage through the NODE_IMAGE build arg. */
export function buildCommand(engine: Engine, request: BuildRequest): string[] {
  const common = ["-f", request.dockerfile, "-t", request.tag];
  const base = ["--build-arg", `NODE_IMAGE=${request.baseImage}`];
  if (engine.name === "podman") {
    return [
      "podman",
      "build",
      `--isolation=${isolation()}`,
      "--layers",
      ...common,
      ...base,
      request.context,
    ];
  }
  return ["docker", "build", ...common, ...base, request.context];
}

/**
 * A registry image as podman wants it: it refuses short names it cannot ask about
 * (`node:20` → `docker.io/library/node:20`), where docker assumes Docker Hub.
 */
export function qualifiedImageName(image: string): string {
  const [first, ...rest] = image.split("/");
  const hasRegistry = rest.length > 0 && /[.:]|^localhost$/.test(first ?? "");
  if (hasRegistry) return image;
  return rest.length === 0 ? `docker.io/library/${image}` : `docker.io/${image}`;
}

export async function probeEngines(): Promise<EngineProbe> {
  const [podman, buildah, dockerEngine] = await Promise.all([
    succeeds(["podman", "--version"]),
    succeeds(["buildah", "--version"]),
    succeeds(["docker", "info"]),
  ]);
  return { podman, buildah, dockerEngine };
}

/** What to do about the engine: use the one found, install one, or tell the user how to. */
export type EnginePlan = { use: Engine } | { install: readonly string[] } | { advise: string };

/**
 * Root on Debian/Ubuntu installs podman and buildah (non-interactive); podman without buildah is
 * topped up there, and used as it is elsewhere (`podman run` works where rlimits may be set);
 * with no engine anywhere else the user gets the exact command.
 */
export function planEngine(probe: EngineProbe, host: HostFacts, preferred?: string): EnginePlan {
  const found = chooseEngine(probe, preferred);
  const canInstall = host.isRoot && host.isDebianLike;
  if (found && (found.runner !== "podman" || !canInstall)) return { use: found };
  if (canInstall) return { install: ENGINE_PACKAGES };
  // buildah is Linux's alone; a Mac's podman runs its containers in a VM it must first make.
  const packages = host.isDebianLike ? ENGINE_PACKAGES : ["podman"];
  const vm = host.platform === "darwin" ? " && podman machine init && podman machine start" : "";
  return {
    advise:
      "No container engine: podman is not installed and docker has no engine running " +
      `(\`docker info\` fails). Install podman with:\n  ${installCommand(packages, host)}${vm}`,
  };
}

/** An engine that works here, installed first where `planEngine` says so. */
export async function ensureEngine(env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  const host = detectHost();
  const plan = planEngine(await probeEngines(), host, env.CONTAINER_ENGINE);
  if ("use" in plan) return plan.use;
  if ("advise" in plan) throw new SetupError(plan.advise);
  await installPackages(plan.install, host);
  const installed = chooseEngine(await probeEngines(), env.CONTAINER_ENGINE);
  if (!installed) throw new SetupError("podman was installed but `podman --version` still fails");
  return installed;
}
