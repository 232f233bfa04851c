import { posix } from "node:path";
import { type Manifest, type Rule, type Violation, violation } from "./manifest.js";
import { builtImageName, containersOf, podsOf } from "./workloads.js";

/** What the image rules need of skaffold.yaml: its artifacts, as read from every document. */
export interface SkaffoldArtifact {
  image: string;
  /** The build context, relative to the repository root (skaffold's default "."). */
  context: string;
  /** The Dockerfile, relative to the context (skaffold's default "Dockerfile"). */
  dockerfile: string;
  path: string;
}

export const dockerfileOf = (name: string) => `infra/images/${name}.Dockerfile`;

/** Every artifact of skaffold.yaml's documents, their profiles' included. */
export function skaffoldArtifacts(documents: readonly unknown[]): SkaffoldArtifact[] {
  type Build = {
    artifacts?: { image?: string; context?: string; docker?: { dockerfile?: string } }[];
  };
  type Config = { build?: Build; profiles?: { build?: Build }[] };
  return documents.flatMap((document, d) => {
    const config = (document ?? {}) as Config;
    const builds: [Build | undefined, string][] = [
      [config.build, `[${d}].build`],
      ...(config.profiles ?? []).map((profile, p): [Build | undefined, string] => [
        profile.build,
        `[${d}].profiles[${p}].build`,
      ]),
    ];
    return builds.flatMap(([build, at]) =>
      (build?.artifacts ?? []).map((artifact, a) => ({
        image: artifact.image ?? "",
        context: artifact.context ?? ".",
        dockerfile: artifact.docker?.dockerfile ?? "Dockerfile",
        path: `${at}.artifacts[${a}]`,
      })),
    );
  });
}

const skaffoldObject: Manifest = {
  apiVersion: "skaffold/v4",
  kind: "Config",
  metadata: { name: "skaffold.yaml" },
};

/**
 * Each image we build that a workload runs has its Dockerfile (infra/images/<name>.Dockerfile)
 * and a skaffold artifact that builds it from that Dockerfile.
 */
export const imageBuilds =
  (artifacts: readonly SkaffoldArtifact[], fileExists: (path: string) => boolean): Rule =>
  (env) => {
    const found = new Map<string, Violation>();
    const add = (v: Violation) => found.set(`${v.kind}/${v.name} ${v.path} ${v.message}`, v);
    for (const pod of podsOf(env)) {
      for (const { container, path } of containersOf(pod)) {
        const name = builtImageName(container.image);
        if (name === undefined) continue;
        const dockerfile = dockerfileOf(name);
        if (!fileExists(dockerfile))
          add(violation(pod.owner, `${path}.image`, `${dockerfile} does not exist`));
        const artifact = artifacts.find((a) => a.image === `microtickets/${name}`);
        if (!artifact) {
          add(
            violation(
              pod.owner,
              `${path}.image`,
              `skaffold.yaml has no artifact microtickets/${name}`,
            ),
          );
        } else if (posix.join(artifact.context, artifact.dockerfile) !== dockerfile) {
          const used = posix.join(artifact.context, artifact.dockerfile);
          add(
            violation(
              skaffoldObject,
              `${artifact.path}.docker.dockerfile`,
              `builds microtickets/${name} from ${used}, not ${dockerfile}`,
            ),
          );
        }
      }
    }
    return [...found.values()];
  };

/** Each skaffold artifact's Dockerfile exists (whatever the manifests run). */
export function skaffoldDockerfiles(
  artifacts: readonly SkaffoldArtifact[],
  fileExists: (path: string) => boolean,
): Violation[] {
  return artifacts
    .filter((artifact) => !fileExists(posix.join(artifact.context, artifact.dockerfile)))
    .map((artifact) =>
      violation(
        skaffoldObject,
        `${artifact.path}.docker.dockerfile`,
        `${posix.join(artifact.context, artifact.dockerfile)} (for ${artifact.image}) does not exist`,
      ),
    );
}
