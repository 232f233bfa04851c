import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadEnvironment, parseManifests, readKustomization } from "./load-environment.js";
import { formatViolation } from "./manifest.js";

const configMap = (name: string, data = "  a: b") =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}\n`;
const lines = (problems: Parameters<typeof formatViolation>[1][]) =>
  problems.map((p) => formatViolation("dev", p));

describe("reading the committed manifests", () => {
  const root = mkdtempSync(join(tmpdir(), "k8s-checks-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reads every document of every listed file, in the kustomization's order", () => {
    mkdirSync(join(root, "dev"));
    writeFileSync(join(root, "dev", "a.yaml"), `${configMap("one")}---\n${configMap("two")}`);
    writeFileSync(join(root, "dev", "b.yaml"), configMap("three"));
    writeFileSync(
      join(root, "dev", "kustomization.yaml"),
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - b.yaml\n  - a.yaml\n",
    );

    const loaded = loadEnvironment(root, "dev");

    expect(loaded.problems).toEqual([]);
    expect(loaded.files).toEqual(["b.yaml", "a.yaml"]);
    expect(loaded.env.objects.map((o) => o.metadata.name)).toEqual(["three", "one", "two"]);
  });

  it("reports a folder without manifests or kustomization, and an object defined twice", () => {
    mkdirSync(join(root, "prod"));
    expect(lines(loadEnvironment(root, "prod").problems)).toEqual([
      "dev File/prod/kustomization.yaml .: missing",
      `dev File/prod .: no manifests in ${join(root, "prod")}`,
    ]);
    writeFileSync(join(root, "prod", "a.yaml"), `${configMap("one")}---\n${configMap("one")}`);
    expect(lines(loadEnvironment(root, "prod").problems)).toContain(
      "dev ConfigMap/one .: defined twice",
    );
  });

  it("reports YAML errors and documents that are no Kubernetes object", () => {
    const { objects, problems } = parseManifests(
      "dev/x.yaml",
      `${configMap("one")}---\nkind: [\n---\njust: a map\n`,
    );

    expect(objects).toHaveLength(1);
    expect(lines(problems).map((line) => line.replace(/: .*/, ""))).toContain(
      "dev File/dev/x.yaml documents[1]",
    );
    expect(lines(problems)).toContain(
      "dev File/dev/x.yaml documents[2]: not a Kubernetes object (apiVersion, kind and metadata.name)",
    );
  });

  it("reports plain values YAML 1.1 (kubectl) reads differently: on, yes, octal", () => {
    const { problems } = parseManifests(
      "dev/x.yaml",
      configMap("one", '  enabled: on\n  mode: 0755\n  quoted: "on"'),
    );

    expect(lines(problems)).toEqual([
      "dev File/dev/x.yaml documents[0].data.enabled: YAML 1.1 (kubectl) reads this value differently from YAML 1.2: quote it",
      "dev File/dev/x.yaml documents[0].data.mode: YAML 1.1 (kubectl) reads this value differently from YAML 1.2: quote it",
    ]);
  });

  it("reports a kustomization that lists a missing file, skips one, or transforms the objects", () => {
    const text = "resources:\n  - a.yaml\n  - gone.yaml\nnamespace: other\ncommonLabels:\n  x: y\n";

    expect(lines(readKustomization(text, ["a.yaml", "b.yaml"]).problems)).toEqual([
      "dev File/kustomization.yaml namespace: changes the objects: what is deployed would differ from the files",
      "dev File/kustomization.yaml commonLabels: changes the objects: what is deployed would differ from the files",
      "dev File/kustomization.yaml resources: gone.yaml is not a file of the folder",
      "dev File/kustomization.yaml resources: does not list b.yaml: kubectl apply -k skips it",
    ]);
  });
});
