import type { ICluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import { type Environment, type Manifest, ofKind } from "./manifest.js";
import { child } from "./paths.js";

/** The pods one object makes, as its template describes them. */
export interface Pod {
  /** The Deployment, StatefulSet, Job … that owns the template. */
  owner: Manifest;
  /** Who the pod is: its `app.kubernetes.io/name` label, else its owner's name. */
  name: string;
  labels: Readonly<Record<string, string>>;
  spec: IPodSpec;
  /** Where the pod spec sits in the owner: `spec.template.spec`. */
  path: string;
}

export interface ContainerAt {
  container: IContainer;
  path: string;
  /** An init container: it runs to completion, so it has no probes or preStop. */
  init: boolean;
}

/** Where each kind keeps its pod template. */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
};

/** Kinds that keep pods running (and so roll, drain and scale), unlike Jobs. */
export const LONG_RUNNING = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]);

export function podsOf(env: Environment): Pod[] {
  return env.objects.flatMap((owner) => {
    const keys = TEMPLATE_PATHS[owner.kind];
    if (!keys) return [];
    const template = keys.reduce<unknown>(
      (value, key) => (value as Record<string, unknown> | undefined)?.[key],
      owner,
    ) as IPodTemplateSpec | undefined;
    if (!template?.spec) return [];
    const labels = template.metadata?.labels ?? {};
    return [
      {
        owner,
        name: labels["app.kubernetes.io/name"] ?? owner.metadata.name,
        labels,
        spec: template.spec,
        path: `${keys.join(".")}.spec`,
      },
    ];
  });
}

export function containersOf(pod: Pod): ContainerAt[] {
  const list = (field: "initContainers" | "containers") =>
    (pod.spec[field] ?? []).map((container, index) => ({
      container,
      path: child(child(pod.path, field), index),
      init: field === "initContainers",
    }));
  return [...list("initContainers"), ...list("containers")];
}

/** The labels CloudNativePG puts on every instance pod of a Cluster. */
export const clusterPodLabels = (cluster: Manifest): Record<string, string> => ({
  "cnpg.io/cluster": cluster.metadata.name,
  "cnpg.io/podRole": "instance",
});

export const clustersOf = (env: Environment) => ofKind<ICluster>(env, "Cluster");

/** Every set of pod labels in the environment, CloudNativePG's instances included. */
export function podLabelSets(
  env: Environment,
): { owner: Manifest; labels: Record<string, string> }[] {
  return [
    ...podsOf(env).map((pod) => ({ owner: pod.owner, labels: { ...pod.labels } })),
    ...clustersOf(env).map((cluster) => ({
      owner: cluster as Manifest,
      labels: clusterPodLabels(cluster),
    })),
  ];
}

/** An image we build (`microtickets/<name>`, any registry in front, any tag): its name. */
export function builtImageName(image: string | undefined): string | undefined {
  return image?.match(/(?:^|\/)microtickets\/([a-z0-9][a-z0-9._-]*)(?=[:@]|$)/)?.[1];
}
