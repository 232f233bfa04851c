import { afterEach, describe, expect, it, vi } from "vitest";
import {
  buildahRunCommand,
  engineRunCommand,
  leftovers,
  withoutRunnerNotes,
} from "./container-run.js";

const run = {
  image: "microtickets/auth:dev",
  command: ["node", "dist/index.js"],
  env: { PORT: "0" },
  timeoutMs: 1000,
};

describe("running a command in a container of an image", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("with buildah, runs it in the working container, chroot-isolated, with only the variables given", () => {
    vi.stubEnv("BUILDAH_ISOLATION", "");
    expect(buildahRunCommand("microtickets-smoke-1", run)).toEqual([
      "buildah",
      "run",
      "--isolation=chroot",
      "--env",
      "PORT=0",
      "microtickets-smoke-1",
      "--",
      "node",
      "dist/index.js",
    ]);
  });

  it("with podman or docker, runs a container removed after, never pulling the image", () => {
    expect(engineRunCommand("docker", { ...run, env: {} })).toEqual([
      "docker",
      "run",
      "--rm",
      "--pull=never",
      "microtickets/auth:dev",
      "node",
      "dist/index.js",
    ]);
  });

  it("with podman or docker, shares the machine's network when asked (buildah's chroot always does)", () => {
    vi.stubEnv("BUILDAH_ISOLATION", "");
    const live = { ...run, hostNetwork: true };
    expect(engineRunCommand("podman", live).slice(0, 5)).toEqual([
      "podman",
      "run",
      "--rm",
      "--pull=never",
      "--network=host",
    ]);
    expect(buildahRunCommand("microtickets-smoke-1", live)).toEqual(
      buildahRunCommand("microtickets-smoke-1", run),
    );
  });

  it("keeps what the program printed and drops what buildah adds after a non-zero exit", () => {
    const stderr =
      "auth: Invalid configuration: DATABASE_URL: required\nsubprocess exited with status 1\nsubprocess exited with status 1\nError: exit status 1\n";
    expect(withoutRunnerNotes(stderr)).toBe(
      "auth: Invalid configuration: DATABASE_URL: required\n",
    );
  });
});

describe("what an interrupted run left behind", () => {
  it("is every smoke container, and the build containers that appeared during the run, nothing else", () => {
    const before = new Set(["a1b2c3-working-container", "someones-own"]);
    const now = [
      "a1b2c3-working-container",
      "someones-own",
      "microtickets-smoke-123-abc",
      "d4e5f6-working-container",
      "d4e5f6-working-container-1",
      "my-working-container-tool",
    ];
    expect(leftovers(now, before)).toEqual([
      "microtickets-smoke-123-abc",
      "d4e5f6-working-container",
      "d4e5f6-working-container-1",
    ]);
  });
});
