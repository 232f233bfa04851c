import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { repoRoot } from "../../launcher/paths.js";
import { DEV_EXTERNAL_OBJECTS, PROD_EXTERNAL_OBJECTS } from "../external.js";
import { checkEnvironment, rulesFor } from "./check-environment.js";
import { skaffoldArtifacts, skaffoldDockerfiles } from "./image-builds.js";
import { loadEnvironment, parseManifests } from "./load-environment.js";
import { formatViolation } from "./manifest.js";
import type { ExternalObject } from "./references.js";
import { serviceDefinitions } from "./service-definitions.js";
import { skaffoldDeploys, skaffoldManifests } from "./skaffold-manifests.js";

// The committed manifests, as `kubectl apply -k infra/k8s/<env>` deploys them, against every
// rule. A failure lists each violation as `<env> <kind>/<name> <path>: <message>`.

const k8sDir = join(repoRoot, "infra", "k8s");
const fileExists = (path: string) => existsSync(join(repoRoot, path));
const skaffold = parseAllDocuments(readFileSync(join(repoRoot, "skaffold.yaml"), "utf8")).map((d) =>
  d.toJS(),
);
const artifacts = skaffoldArtifacts(skaffold);
const { definitions, problems: definitionProblems } = serviceDefinitions();
const EXTERNAL: Readonly<Record<string, readonly ExternalObject[]>> = {
  dev: DEV_EXTERNAL_OBJECTS,
  prod: PROD_EXTERNAL_OBJECTS,
};

describe("the committed Kubernetes manifests", () => {
  for (const name of ["dev", "prod"]) {
    it(`break no rule in ${name}`, () => {
      const { env, problems } = loadEnvironment(k8sDir, name);
      const rules = rulesFor({
        external: EXTERNAL[name] ?? [],
        definitions,
        artifacts,
        fileExists,
      });
      const violations = [...problems, ...checkEnvironment(env, rules)];

      expect(env.objects.length).toBeGreaterThan(0);
      expect(violations.map((v) => formatViolation(name, v))).toEqual([]);
    });
  }

  it("are checked against the configuration of all five services", () => {
    expect(definitionProblems.map((v) => formatViolation("all", v))).toEqual([]);
    expect(definitions.map((d) => d.name)).toEqual([
      "auth",
      "tickets",
      "orders",
      "expiration",
      "payments",
    ]);
  });

  it("are what skaffold deploys, the Namespace and the Gateway API's objects aside", () => {
    const environments = Object.fromEntries(
      ["dev", "prod"].map((name) => {
        const { files } = loadEnvironment(k8sDir, name);
        const objectsOf = (file: string) =>
          parseManifests(file, readFileSync(join(k8sDir, name, file), "utf8")).objects;
        return [name, { files, objectsOf }];
      }),
    );
    const deploys = skaffoldDeploys(skaffold);

    expect(deploys.length).toBeGreaterThan(0);
    expect(
      skaffoldManifests(deploys, environments).map((v) => formatViolation("skaffold", v)),
    ).toEqual([]);
  });

  it("are built by skaffold from Dockerfiles that exist", () => {
    expect(artifacts.length).toBeGreaterThan(0);
    expect(
      skaffoldDockerfiles(artifacts, fileExists).map((v) => formatViolation("skaffold", v)),
    ).toEqual([]);
  });
});
