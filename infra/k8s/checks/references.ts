import type { IContainer } from "kubernetes-models/v1/Container";
import type { Environment, Manifest } from "./manifest.js";
import { child } from "./paths.js";
import type { ContainerAt, Pod } from "./workloads.js";

export type ReferencedKind = "ConfigMap" | "Secret";

/** A ConfigMap or Secret that exists outside the manifests (made by an operator, a script …). */
export interface ExternalObject {
  kind: ReferencedKind;
  name: string;
  keys: readonly string[];
}

/** A ConfigMap or Secret a workload reads, whole or one key of it. */
export interface Reference {
  kind: ReferencedKind;
  name: string;
  /** One key (`secretKeyRef`, a volume's items); undefined: every key (`envFrom`, a whole volume). */
  keys?: readonly string[];
  optional: boolean;
  /** Where the reference is written in the pod's owner. */
  path: string;
}

/** What a ConfigMap or Secret the environment knows of holds. */
export interface KnownObject {
  kind: ReferencedKind;
  name: string;
  keys: readonly string[];
  /** The values, for a ConfigMap in the manifests; a Secret's or an external object's are unknown. */
  values?: Readonly<Record<string, string>>;
  external: boolean;
}

export function knownObjects(env: Environment, external: readonly ExternalObject[]): KnownObject[] {
  const inManifests = env.objects
    .filter(
      (object): object is Manifest & { kind: ReferencedKind } =>
        object.kind === "ConfigMap" || object.kind === "Secret",
    )
    .map((object) => {
      const fields = object as {
        data?: Record<string, string>;
        stringData?: Record<string, string>;
        binaryData?: Record<string, string>;
      };
      const values = object.kind === "ConfigMap" ? { ...fields.data } : undefined;
      const keys = [
        ...Object.keys(fields.data ?? {}),
        ...Object.keys(fields.stringData ?? {}),
        ...Object.keys(fields.binaryData ?? {}),
      ];
      return { kind: object.kind, name: object.metadata.name, keys, values, external: false };
    });
  return [...inManifests, ...external.map((object) => ({ ...object, external: true }))];
}

export const find = (known: readonly KnownObject[], kind: ReferencedKind, name: string) =>
  known.find((object) => object.kind === kind && object.name === name);

/** Every ConfigMap and Secret one container reads: its environment and the volumes it mounts. */
export function referencesOf(pod: Pod, { container, path }: ContainerAt): Reference[] {
  const found: Reference[] = [];
  (container.envFrom ?? []).forEach((source, index) => {
    const at = child(child(path, "envFrom"), index);
    if (source.configMapRef) {
      found.push({
        kind: "ConfigMap",
        name: source.configMapRef.name ?? "",
        optional: source.configMapRef.optional === true,
        path: child(at, "configMapRef"),
      });
    }
    if (source.secretRef) {
      found.push({
        kind: "Secret",
        name: source.secretRef.name ?? "",
        optional: source.secretRef.optional === true,
        path: child(at, "secretRef"),
      });
    }
  });
  (container.env ?? []).forEach((variable, index) => {
    const at = child(child(child(path, "env"), index), "valueFrom");
    const { configMapKeyRef, secretKeyRef } = variable.valueFrom ?? {};
    if (configMapKeyRef) {
      found.push({
        kind: "ConfigMap",
        name: configMapKeyRef.name ?? "",
        keys: [configMapKeyRef.key],
        optional: configMapKeyRef.optional === true,
        path: child(at, "configMapKeyRef"),
      });
    }
    if (secretKeyRef) {
      found.push({
        kind: "Secret",
        name: secretKeyRef.name ?? "",
        keys: [secretKeyRef.key],
        optional: secretKeyRef.optional === true,
        path: child(at, "secretKeyRef"),
      });
    }
  });
  return [...found, ...volumeReferencesOf(pod, container)];
}

/** The volumes `container` mounts that are ConfigMaps or Secrets (projected ones too). */
/** A ConfigMap or Secret a volume (or one source of a projected volume) mounts. */
function mounted(
  kind: Reference["kind"],
  name: string | undefined,
  source: { items?: { key: string }[]; optional?: boolean },
  path: string,
): Reference {
  const keys = source.items?.map((item) => item.key);
  return { kind, name: name ?? "", keys, optional: source.optional === true, path };
}

function volumeReferencesOf(pod: Pod, container: IContainer): Reference[] {
  const mountedNames = new Set((container.volumeMounts ?? []).map((mount) => mount.name));
  return (pod.spec.volumes ?? []).flatMap((volume, index): Reference[] => {
    if (!mountedNames.has(volume.name)) return [];
    const at = child(child(pod.path, "volumes"), index);
    const found: Reference[] = [];
    if (volume.configMap) {
      found.push(
        mounted("ConfigMap", volume.configMap.name, volume.configMap, child(at, "configMap")),
      );
    }
    if (volume.secret) {
      found.push(mounted("Secret", volume.secret.secretName, volume.secret, child(at, "secret")));
    }
    (volume.projected?.sources ?? []).forEach((source, sourceIndex) => {
      const sourceAt = child(child(child(at, "projected"), "sources"), sourceIndex);
      if (source.configMap) {
        found.push(
          mounted(
            "ConfigMap",
            source.configMap.name,
            source.configMap,
            child(sourceAt, "configMap"),
          ),
        );
      }
      if (source.secret) {
        found.push(mounted("Secret", source.secret.name, source.secret, child(sourceAt, "secret")));
      }
    });
    return found;
  });
}

/** One variable of a container's environment and where its value comes from. */
export interface Variable {
  name: string;
  /** Known for a literal `value` and a key of a ConfigMap in the manifests. */
  value?: string;
  /** The Secret it is read from, and the key. */
  secret?: { name: string; key: string };
  path: string;
}

/**
 * The variables a container starts with, as the kubelet builds them: every envFrom source in
 * order (its keys under the prefix), then `env`, a later one replacing an earlier one.
 * A variable read from an object or key the environment does not know is absent here: the
 * kubelet would not start the container.
 */
export function variablesOf(at: ContainerAt, known: readonly KnownObject[]): Map<string, Variable> {
  const variables = new Map<string, Variable>();
  (at.container.envFrom ?? []).forEach((source, index) => {
    const ref = source.configMapRef ?? source.secretRef;
    const kind: ReferencedKind = source.configMapRef ? "ConfigMap" : "Secret";
    const object = ref?.name ? find(known, kind, ref.name) : undefined;
    for (const key of object?.keys ?? []) {
      const name = `${source.prefix ?? ""}${key}`;
      const path = child(child(at.path, "envFrom"), index);
      const secret = kind === "Secret" ? { name: object?.name ?? "", key } : undefined;
      variables.set(name, { name, value: object?.values?.[key], secret, path });
    }
  });
  (at.container.env ?? []).forEach((variable, index) => {
    const path = child(child(at.path, "env"), index);
    const { configMapKeyRef, secretKeyRef } = variable.valueFrom ?? {};
    if (variable.value !== undefined || !variable.valueFrom) {
      variables.set(variable.name, { name: variable.name, value: variable.value ?? "", path });
    } else if (configMapKeyRef) {
      const object = find(known, "ConfigMap", configMapKeyRef.name ?? "");
      if (object?.keys.includes(configMapKeyRef.key)) {
        variables.set(variable.name, {
          name: variable.name,
          value: object.values?.[configMapKeyRef.key],
          path,
        });
      }
    } else if (secretKeyRef) {
      const object = find(known, "Secret", secretKeyRef.name ?? "");
      if (object?.keys.includes(secretKeyRef.key)) {
        const secret = { name: object.name, key: secretKeyRef.key };
        variables.set(variable.name, { name: variable.name, secret, path });
      }
    } else {
      // fieldRef or resourceFieldRef: the kubelet fills it in.
      variables.set(variable.name, { name: variable.name, path });
    }
  });
  return variables;
}
