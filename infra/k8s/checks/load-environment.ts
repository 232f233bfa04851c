import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments } from "yaml";
import { type Environment, isManifest, type Manifest, type Violation } from "./manifest.js";
import { child } from "./paths.js";

export const KUSTOMIZATION = "kustomization.yaml";

export interface LoadedEnvironment {
  env: Environment;
  /** What is wrong with the files themselves: YAML, stray documents, duplicates, the kustomization. */
  problems: Violation[];
  /** The manifest files, in the order the kustomization lists them. */
  files: string[];
}

const fileProblem = (file: string, path: string, message: string): Violation => ({
  kind: "File",
  name: file,
  path,
  message,
});

/**
 * Every object of one file's documents. Besides YAML errors, a plain scalar that YAML 1.1
 * reads differently (`on`, `yes`, `0755`) is a problem: kubectl reads YAML 1.1, this parser
 * and kustomize 1.2, so the two would deploy different values.
 */
export function parseManifests(
  file: string,
  text: string,
): { objects: Manifest[]; problems: Violation[] } {
  const documents = parseAllDocuments(text);
  const asYaml11 = parseAllDocuments(text, { version: "1.1" });
  const objects: Manifest[] = [];
  const problems: Violation[] = [];
  documents.forEach((document, index) => {
    const at = `documents[${index}]`;
    for (const error of [...document.errors, ...document.warnings]) {
      problems.push(fileProblem(file, at, error.message.split("\n")[0] ?? error.message));
    }
    if (document.errors.length > 0) return;
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return;
    if (!isManifest(value)) {
      problems.push(
        fileProblem(file, at, "not a Kubernetes object (apiVersion, kind and metadata.name)"),
      );
      return;
    }
    for (const path of differences(value, asYaml11[index]?.toJS())) {
      problems.push(
        fileProblem(
          file,
          `${at}.${path}`,
          "YAML 1.1 (kubectl) reads this value differently from YAML 1.2: quote it",
        ),
      );
    }
    objects.push(value);
  });
  return { objects, problems };
}

/** The paths where two parsed values differ. */
function differences(a: unknown, b: unknown, path = ""): string[] {
  if (isDeepStrictEqual(a, b)) return [];
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return [path || "."];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => {
    const index = Array.isArray(a) ? Number(key) : key;
    return differences(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      child(path, index),
    );
  });
}

/** What a kustomization may hold and still deploy exactly what its files say. */
const PLAIN_KUSTOMIZATION_FIELDS = new Set(["apiVersion", "kind", "metadata", "resources"]);

/**
 * The resources a kustomization lists, and what keeps it from being a plain list of the
 * folder's files: a missing or unlisted file, or a transformer (namespace, labels, patches …)
 * that would make what is deployed differ from what is committed and checked.
 */
export function readKustomization(
  text: string | undefined,
  yamlFiles: readonly string[],
): { resources: string[]; problems: Violation[] } {
  if (text === undefined) {
    return { resources: [...yamlFiles], problems: [fileProblem(KUSTOMIZATION, "", "missing")] };
  }
  const parsed = parseAllDocuments(text)[0]?.toJS() as Record<string, unknown> | null | undefined;
  const problems: Violation[] = [];
  const resources = Array.isArray(parsed?.resources) ? parsed.resources.map(String) : [];
  for (const field of Object.keys(parsed ?? {})) {
    if (!PLAIN_KUSTOMIZATION_FIELDS.has(field)) {
      problems.push(
        fileProblem(
          KUSTOMIZATION,
          field,
          "changes the objects: what is deployed would differ from the files",
        ),
      );
    }
  }
  for (const resource of resources) {
    if (!yamlFiles.includes(resource)) {
      problems.push(
        fileProblem(KUSTOMIZATION, "resources", `${resource} is not a file of the folder`),
      );
    }
  }
  for (const file of yamlFiles) {
    if (!resources.includes(file)) {
      problems.push(
        fileProblem(KUSTOMIZATION, "resources", `does not list ${file}: kubectl apply -k skips it`),
      );
    }
  }
  return { resources: resources.filter((resource) => yamlFiles.includes(resource)), problems };
}

const identity = (object: Manifest) =>
  `${object.apiVersion.split("/").slice(0, -1).join("/")}/${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;

/** The committed objects of `infra/k8s/<name>`: all documents of its YAML files, kustomization excepted. */
export function loadEnvironment(k8sDir: string, name: string): LoadedEnvironment {
  const dir = join(k8sDir, name);
  const yamlFiles = existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => /\.ya?ml$/.test(file) && file !== KUSTOMIZATION)
        .sort()
    : [];
  const kustomizationPath = join(dir, KUSTOMIZATION);
  const kustomization = readKustomization(
    existsSync(kustomizationPath) ? readFileSync(kustomizationPath, "utf8") : undefined,
    yamlFiles,
  );
  const problems = kustomization.problems.map((p) => ({ ...p, name: `${name}/${p.name}` }));
  if (yamlFiles.length === 0) problems.push(fileProblem(name, "", `no manifests in ${dir}`));
  const files = [
    ...kustomization.resources,
    ...yamlFiles.filter((f) => !kustomization.resources.includes(f)),
  ];
  const objects: Manifest[] = [];
  for (const file of files) {
    const parsed = parseManifests(`${name}/${file}`, readFileSync(join(dir, file), "utf8"));
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
  }
  const seen = new Set<string>();
  for (const object of objects) {
    const id = identity(object);
    if (seen.has(id))
      problems.push({
        kind: object.kind,
        name: object.metadata.name,
        path: "",
        message: "defined twice",
      });
    seen.add(id);
  }
  return { env: { name, objects }, problems, files };
}
