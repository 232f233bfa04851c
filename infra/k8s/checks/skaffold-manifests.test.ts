import { describe, expect, it } from "vitest";
import { skaffoldDeploys, skaffoldManifests } from "./skaffold-manifests.js";

const skaffold = {
  manifests: { rawYaml: ["infra/k8s/dev/auth.yaml", "infra/k8s/dev/nats.yaml"] },
  profiles: [{ name: "prod", manifests: { rawYaml: ["infra/k8s/prod/auth.yaml"] } }],
};
const objects: Record<string, { apiVersion: string; kind: string }[]> = {
  "namespace.yaml": [{ apiVersion: "v1", kind: "Namespace" }],
  "auth.yaml": [
    { apiVersion: "apps/v1", kind: "Deployment" },
    { apiVersion: "v1", kind: "Service" },
  ],
  "nats.yaml": [{ apiVersion: "apps/v1", kind: "StatefulSet" }],
  "gateway.yaml": [
    { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway" },
    { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute" },
  ],
};
const files = ["namespace.yaml", "auth.yaml", "nats.yaml", "gateway.yaml"];
const objectsOf = (file: string) => objects[file] ?? [];
const environments = { dev: { files, objectsOf }, prod: { files, objectsOf } };

describe("what skaffold deploys", () => {
  it("reads the raw YAML of the configuration and of each profile", () => {
    expect(
      skaffoldDeploys([skaffold]).map(
        ({ path, profile, files }) => `${path} ${profile ?? "-"} ${files.length}`,
      ),
    ).toEqual(["[0].manifests.rawYaml - 2", "[0].profiles[0].manifests.rawYaml prod 1"]);
  });

  it("passes every file of the environment but the Namespace's and the Gateway API's", () => {
    const [dev] = skaffoldDeploys([skaffold]);
    expect(skaffoldManifests(dev ? [dev] : [], environments)).toEqual([]);
  });

  it("reports a file left out, a file that is not the environment's, and a folder that is no environment", () => {
    const odd = skaffoldDeploys([
      {
        manifests: {
          rawYaml: ["infra/k8s/prod/auth.yaml", "infra/k8s/prod/gone.yaml", "k8s/x.yaml"],
        },
      },
    ]);

    expect(skaffoldManifests(odd, environments).map((v) => v.message)).toEqual([
      "infra/k8s/prod/gone.yaml is not a manifest of prod",
      "does not deploy infra/k8s/prod/nats.yaml",
      "deploys k8s, which is no environment of infra/k8s",
    ]);
  });
});
