import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parseAllDocuments } from "yaml";
import type { Manifest } from "./manifest.js";

/** Marks what kubectl read; removed again before comparing. */
export const READ_MARK = "checks.microtickets/read-by";

/**
 * kubectl with no cluster to talk to: a kubeconfig that does not exist, so nothing here can
 * reach a user's real cluster whatever their current context is.
 */
function kubectl(
  args: string[],
  path = process.env.PATH,
): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync("kubectl", args, {
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: path,
      KUBECONFIG: join(tmpdir(), "microtickets-checks-no-kubeconfig"),
    },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30_000,
  });
  return {
    ok: result.status === 0,
    stdout: result.stdout ?? "",
    stderr: result.stderr ?? String(result.error ?? ""),
  };
}

/** kubectl's client version, or undefined when there is no kubectl on PATH (or on `path`). */
export function kubectlVersion(path?: string): string | undefined {
  const { ok, stdout } = kubectl(["version", "--client", "-o", "json"], path);
  if (!ok) return undefined;
  return (
    (JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ??
    "unknown"
  );
}

function objectsOf(yamlText: string): Manifest[] {
  return parseAllDocuments(yamlText)
    .map((document) => document.toJS() as Manifest | null)
    .filter((object): object is Manifest => object !== null);
}

/** What `kubectl apply -k <dir>` would send: `kubectl kustomize`, offline. */
export function kustomize(dir: string): Manifest[] {
  const { ok, stdout, stderr } = kubectl(["kustomize", dir]);
  if (!ok) throw new Error(`kubectl kustomize ${dir} failed: ${stderr}`);
  return objectsOf(stdout);
}

/**
 * Every object of `files` as kubectl itself decodes them (its YAML 1.1 reader, each object's
 * metadata typed), without a cluster: `annotate --local` reads and writes objects back and
 * needs no API discovery, unlike `apply`/`create --dry-run=client`.
 */
export function readWithKubectl(files: readonly string[]): Manifest[] {
  const args = [
    "annotate",
    "--local",
    "-o",
    "yaml",
    ...files.flatMap((file) => ["-f", file]),
    `${READ_MARK}=kubectl`,
  ];
  const { ok, stdout, stderr } = kubectl(args);
  if (!ok) throw new Error(`kubectl could not read the manifests: ${stderr}`);
  return objectsOf(stdout).map(withoutMark);
}

function withoutMark(object: Manifest): Manifest {
  const { [READ_MARK]: _, ...annotations } = object.metadata.annotations ?? {};
  const { annotations: __, ...metadata } = object.metadata;
  return {
    ...object,
    metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata,
  };
}

const identity = (o: Manifest) =>
  `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/** How two lists of objects differ, object by object (order aside): empty when they are the same. */
export function differencesBetween(
  expected: readonly Manifest[],
  actual: readonly Manifest[],
): string[] {
  const byId = (list: readonly Manifest[]) =>
    new Map(list.map((object) => [identity(object), object]));
  const want = byId(expected);
  const got = byId(actual);
  const found: string[] = [];
  for (const [id, object] of want) {
    const other = got.get(id);
    if (!other) found.push(`${id}: missing`);
    else if (!isDeepStrictEqual(object, other)) found.push(`${id}: differs`);
  }
  for (const id of got.keys()) if (!want.has(id)) found.push(`${id}: not in the files`);
  return found;
}
