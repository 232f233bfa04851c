import { posix } from "node:path";
import type { Manifest, Violation } from "./manifest.js";

/** The manifest files one skaffold configuration (or profile) deploys with `rawYaml`. */
export interface SkaffoldDeploy {
  /** `[0]` for the configuration itself, `[0].profiles[1]` for a profile. */
  path: string;
  profile?: string;
  files: string[];
}

export function skaffoldDeploys(documents: readonly unknown[]): SkaffoldDeploy[] {
  type Manifests = { rawYaml?: string[] };
  type Config = { manifests?: Manifests; profiles?: { name?: string; manifests?: Manifests }[] };
  return documents.flatMap((document, d) => {
    const config = (document ?? {}) as Config;
    return [
      ...(config.manifests?.rawYaml
        ? [{ path: `[${d}].manifests.rawYaml`, files: config.manifests.rawYaml }]
        : []),
      ...(config.profiles ?? []).flatMap((profile, p) =>
        profile.manifests?.rawYaml
          ? [
              {
                path: `[${d}].profiles[${p}].manifests.rawYaml`,
                profile: profile.name,
                files: profile.manifests.rawYaml,
              },
            ]
          : [],
      ),
    ];
  });
}

const skaffoldObject: Manifest = {
  apiVersion: "skaffold/v4",
  kind: "Config",
  metadata: { name: "skaffold.yaml" },
};

type TypeMeta = Pick<Manifest, "apiVersion" | "kind">;

/**
 * Objects skaffold may leave to someone else: the Namespace (a hook applies it first, so that
 * leaving `skaffold dev` does not delete it with the secrets and volumes in it) and the Gateway
 * API's (a laptop's cluster rarely has their CRDs: skaffold.yaml says to add them where it has).
 */
const mayBeLeftOut = ({ apiVersion, kind }: TypeMeta) =>
  kind === "Namespace" || apiVersion.startsWith("gateway.networking.k8s.io/");

/**
 * What skaffold deploys of an environment is what its kustomization does: each file it lists
 * is one of the environment's, and it leaves out none but files of objects it may leave out.
 */
export function skaffoldManifests(
  deploys: readonly SkaffoldDeploy[],
  environments: Readonly<
    Record<string, { files: readonly string[]; objectsOf(file: string): TypeMeta[] }>
  >,
): Violation[] {
  const found: Violation[] = [];
  const report = (path: string, message: string) =>
    found.push({ kind: skaffoldObject.kind, name: skaffoldObject.metadata.name, path, message });
  for (const deploy of deploys) {
    const dirs = new Set(deploy.files.map((file) => posix.dirname(file)));
    for (const dir of dirs) {
      const name = posix.basename(dir);
      const env = environments[name];
      if (!env) {
        report(deploy.path, `deploys ${dir}, which is no environment of infra/k8s`);
        continue;
      }
      const listed = deploy.files
        .filter((file) => posix.dirname(file) === dir)
        .map((file) => posix.basename(file));
      for (const file of listed) {
        if (!env.files.includes(file))
          report(deploy.path, `${dir}/${file} is not a manifest of ${name}`);
      }
      for (const file of env.files) {
        if (!listed.includes(file) && !env.objectsOf(file).every(mayBeLeftOut))
          report(deploy.path, `does not deploy ${dir}/${file}`);
      }
    }
  }
  return found;
}
