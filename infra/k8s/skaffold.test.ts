import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../launcher/paths.js";
import { DEPLOYABLES } from "./deployables.js";
import { type EnvironmentName, GATEWAY_API_FILE } from "./environments.js";
import { generatedFiles } from "./generated-files.js";

interface Artifact {
  image: string;
  context: string;
  docker: { dockerfile: string };
}
interface Pipeline {
  build: { artifacts: Artifact[]; local: { useBuildkit?: boolean } };
  manifests: { rawYaml: string[] };
  deploy: { kubectl: { hooks: { before: { host: { command: string[] } }[] } } };
}
type Skaffold = Pipeline & { apiVersion: string; profiles: (Pipeline & { name: string })[] };

const skaffold = parse(readFileSync(join(repoRoot, "skaffold.yaml"), "utf8")) as Skaffold;
const prod = skaffold.profiles.find((profile) => profile.name === "prod");
if (!prod) throw new Error("skaffold.yaml has no prod profile");

/** The spec's names: image microtickets/<name>, Dockerfile infra/images/<name>.Dockerfile. */
const expectedArtifact = (name: string): Artifact => ({
  image: `microtickets/${name}`,
  context: ".",
  docker: { dockerfile: `infra/images/${name}.Dockerfile` },
});

/** The files a kustomization applies, but those left out (the Namespace: the hook applies it). */
function kustomizedFiles(env: EnvironmentName, leftOut: readonly string[]): string[] {
  const kustomization = parse(generatedFiles(env).get("kustomization.yaml") ?? "") as {
    resources: string[];
  };
  return kustomization.resources
    .filter((file) => !leftOut.includes(file))
    .map((file) => `infra/k8s/${env}/${file}`);
}

const hookOf = (pipeline: Pipeline) =>
  pipeline.deploy.kubectl.hooks.before.map((hook) => hook.host.command.join(" ")).join("\n");

describe("skaffold.yaml", () => {
  it("is the schema version skaffold v2 reads", () => {
    expect(skaffold.apiVersion).toBe("skaffold/v4beta13");
  });

  it("builds exactly the deployables, each from its Dockerfile with the repository as context", () => {
    expect(skaffold.build.artifacts).toEqual(
      DEPLOYABLES.map((entry) => expectedArtifact(entry.name)),
    );
    expect(skaffold.build.local.useBuildkit).toBe(true);
  });

  it("builds every deployable but the dev-only Stripe emulator for prod", () => {
    const forProd = DEPLOYABLES.filter((entry) => !entry.devOnly);

    expect(prod.build.artifacts).toEqual(forProd.map((entry) => expectedArtifact(entry.name)));
  });

  it("deploys what each environment's kustomization lists, dev without the Gateway API's objects", () => {
    expect(skaffold.manifests.rawYaml).toEqual(
      kustomizedFiles("dev", ["namespace.yaml", GATEWAY_API_FILE]),
    );
    expect(prod.manifests.rawYaml).toEqual(kustomizedFiles("prod", ["namespace.yaml"]));
  });

  it("makes the namespace before anything is deployed into it, and dev's secrets only when absent", () => {
    const dev = hookOf(skaffold);

    expect(dev).toContain("apply -f infra/k8s/dev/namespace.yaml");
    expect(dev).toMatch(
      /get secret auth-session-key .*\|\| npm run --silent k8s:dev-secrets \| kubectl/,
    );
    expect(hookOf(prod)).toContain("apply -f infra/k8s/prod/namespace.yaml");
    expect(hookOf(prod)).not.toContain("dev-secrets");
  });
});
