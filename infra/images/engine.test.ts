import { afterEach, describe, expect, it, vi } from "vitest";
import { buildCommand, chooseEngine, isolation, planEngine, qualifiedImageName } from "./engine.js";

describe("choosing the engine", () => {
  it("takes podman, running the smoke checks with buildah when it is there", () => {
    expect(chooseEngine({ podman: true, buildah: true, dockerEngine: true })).toEqual({
      name: "podman",
      runner: "buildah",
    });
    expect(chooseEngine({ podman: true, buildah: false, dockerEngine: false })).toEqual({
      name: "podman",
      runner: "podman",
    });
  });

  it("takes docker only when its engine answers, not for the client alone", () => {
    expect(chooseEngine({ podman: false, buildah: false, dockerEngine: true })).toEqual({
      name: "docker",
      runner: "docker",
    });
    expect(chooseEngine({ podman: false, buildah: true, dockerEngine: false })).toBeUndefined();
  });

  it("takes docker first when CONTAINER_ENGINE asks for it and it answers", () => {
    expect(chooseEngine({ podman: true, buildah: true, dockerEngine: true }, "docker")?.name).toBe(
      "docker",
    );
    expect(chooseEngine({ podman: true, buildah: true, dockerEngine: false }, "docker")?.name).toBe(
      "podman",
    );
  });
});

describe("the build command", () => {
  afterEach(() => vi.unstubAllEnvs());
  const request = {
    dockerfile: "infra/images/auth.Dockerfile",
    tag: "microtickets/auth:dev",
    baseImage: "localhost/microtickets-node:20.20.2",
    context: ".",
  };

  it("builds with podman in chroot isolation, with layers cached, from the base given as NODE_IMAGE", () => {
    vi.stubEnv("BUILDAH_ISOLATION", "");
    expect(buildCommand({ name: "podman", runner: "buildah" }, request)).toEqual([
      "podman",
      "build",
      "--isolation=chroot",
      "--layers",
      "-f",
      "infra/images/auth.Dockerfile",
      "-t",
      "microtickets/auth:dev",
      "--build-arg",
      "NODE_IMAGE=localhost/microtickets-node:20.20.2",
      ".",
    ]);
  });

  it("keeps the isolation BUILDAH_ISOLATION names, as podman itself would", () => {
    vi.stubEnv("BUILDAH_ISOLATION", "oci");
    expect(isolation()).toBe("oci");
    expect(buildCommand({ name: "podman", runner: "buildah" }, request)).toContain(
      "--isolation=oci",
    );
  });

  it("builds with docker as docker build, with the same file, tag and base", () => {
    expect(buildCommand({ name: "docker", runner: "docker" }, request)).toEqual([
      "docker",
      "build",
      "-f",
      "infra/images/auth.Dockerfile",
      "-t",
      "microtickets/auth:dev",
      "--build-arg",
      "NODE_IMAGE=localhost/microtickets-node:20.20.2",
      ".",
    ]);
  });
});

describe("naming a registry image for podman", () => {
  it("gives a short name Docker Hub's registry, and an official image its library/", () => {
    expect(qualifiedImageName("node:20.20.2-bookworm-slim")).toBe(
      "docker.io/library/node:20.20.2-bookworm-slim",
    );
    expect(qualifiedImageName("bitnami/node:20")).toBe("docker.io/bitnami/node:20");
  });

  it("leaves a name that has a registry (a dot, a port, or localhost) as it is", () => {
    expect(qualifiedImageName("ghcr.io/acme/node:20")).toBe("ghcr.io/acme/node:20");
    expect(qualifiedImageName("registry:5000/node:20")).toBe("registry:5000/node:20");
    expect(qualifiedImageName("localhost/microtickets-node:20.20.2")).toBe(
      "localhost/microtickets-node:20.20.2",
    );
  });
});

describe("getting an engine", () => {
  const debianRoot = { platform: "linux" as const, isRoot: true, isDebianLike: true };
  const debianUser = { ...debianRoot, isRoot: false };
  const nothing = { podman: false, buildah: false, dockerEngine: false };

  it("uses the engine that answers", () => {
    expect(planEngine({ ...nothing, dockerEngine: true }, debianUser)).toEqual({
      use: { name: "docker", runner: "docker" },
    });
  });

  it("as root on Debian or Ubuntu with none, installs podman and buildah, even when the docker client is there", () => {
    expect(planEngine(nothing, debianRoot)).toEqual({ install: ["podman", "buildah"] });
  });

  it("as root on Debian, adds buildah to a podman without it; anywhere else uses podman as it is", () => {
    const podmanOnly = { ...nothing, podman: true };
    expect(planEngine(podmanOnly, debianRoot)).toEqual({ install: ["podman", "buildah"] });
    expect(planEngine(podmanOnly, debianUser)).toEqual({
      use: { name: "podman", runner: "podman" },
    });
  });

  it("elsewhere, gives the exact command to run and installs nothing", () => {
    const plan = planEngine(nothing, debianUser);
    expect(plan).toEqual({
      advise: expect.stringContaining(
        "sudo apt-get update && sudo apt-get install -y podman buildah",
      ),
    });
    expect(planEngine(nothing, { platform: "darwin", isRoot: false, isDebianLike: false })).toEqual(
      {
        advise: expect.stringContaining(
          "brew install podman && podman machine init && podman machine start",
        ),
      },
    );
  });
});
