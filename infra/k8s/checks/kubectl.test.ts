import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../launcher/paths.js";
import { differencesBetween, kubectlVersion, kustomize, readWithKubectl } from "./kubectl.js";
import { KUSTOMIZATION, loadEnvironment, parseManifests } from "./load-environment.js";
import { formatViolation } from "./manifest.js";

// Where kubectl is installed, it renders and reads the committed manifests itself, offline:
// what `kubectl apply -k` would send is then what the other checks looked at. Without it (a
// user's machine may have none) the same questions are answered by our own reading: the
// kustomization lists every file and transforms nothing, and no value reads differently in
// YAML 1.1 (kubectl's) and 1.2 (ours).

const k8sDir = join(repoRoot, "infra", "k8s");
const version = kubectlVersion();
const yaml11Problem = (message: string) => message.startsWith("YAML 1.1");

describe(`the manifests as kubectl reads them (${version ? `kubectl ${version}` : "no kubectl: our YAML parser only"})`, () => {
  for (const name of ["dev", "prod"]) {
    const { env, problems, files } = loadEnvironment(k8sDir, name);
    const kustomizationProblems = problems
      .filter((p) => p.name.endsWith(KUSTOMIZATION))
      .map((p) => formatViolation(name, p));

    it(`renders ${name}'s kustomization to exactly the objects of its files`, () => {
      expect(kustomizationProblems).toEqual([]);
      if (version === undefined) {
        console.info(
          `kubectl is not on PATH: ${name}'s kustomization was checked with our own YAML parser only`,
        );
        return;
      }
      expect(differencesBetween(env.objects, kustomize(join(k8sDir, name)))).toEqual([]);
    });

    it(`reads ${name}'s files to the same values as our parser`, () => {
      expect(
        problems.filter((p) => yaml11Problem(p.message)).map((p) => formatViolation(name, p)),
      ).toEqual([]);
      if (version === undefined) {
        console.info(
          `kubectl is not on PATH: ${name}'s YAML was compared under YAML 1.1 and 1.2 by our own parser only`,
        );
        return;
      }
      const read = readWithKubectl(files.map((file) => join(k8sDir, name, file)));
      expect(read).toHaveLength(env.objects.length);
      expect(differencesBetween(env.objects, read)).toEqual([]);
    });
  }
});

describe("comparing with kubectl", () => {
  const configMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "a" },
    data: { enabled: "on" },
  };

  it("lists each object missing, extra or different", () => {
    const changed = { ...configMap, data: { enabled: true } } as unknown as typeof configMap;
    const extra = { ...configMap, metadata: { name: "b" } };

    expect(differencesBetween([configMap], [configMap])).toEqual([]);
    expect(differencesBetween([configMap], [changed, extra])).toEqual([
      "v1 ConfigMap /a: differs",
      "v1 ConfigMap /b: not in the files",
    ]);
    expect(differencesBetween([configMap], [])).toEqual(["v1 ConfigMap /a: missing"]);
  });

  it("finds no kubectl on an empty PATH, as on a machine without one", () => {
    expect(kubectlVersion("")).toBeUndefined();
  });

  it(`sees a plain "on" read as a boolean: ${version ? "by kubectl itself" : "by our YAML 1.1 reading"}`, () => {
    const dir = mkdtempSync(join(tmpdir(), "k8s-kubectl-"));
    const file = join(dir, "a.yaml");
    writeFileSync(
      file,
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  enabled: on\n",
    );
    try {
      const ours = parseManifests("a.yaml", readFileSync(file, "utf8"));
      expect(ours.objects).toEqual([configMap]);
      expect(ours.problems.map((p) => p.path)).toEqual(["documents[0].data.enabled"]);
      if (version)
        expect(differencesBetween(ours.objects, readWithKubectl([file]))).toEqual([
          "v1 ConfigMap /a: differs",
        ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
