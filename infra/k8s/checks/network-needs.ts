import type { ICluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { IService } from "kubernetes-models/v1/Service";
import { type Environment, type Manifest, ofKind, sameNamespace } from "./manifest.js";
import type { Connection, DeclaredPort, Endpoint } from "./network-access.js";
import { type ExternalObject, knownObjects, variablesOf } from "./references.js";
import { serviceSelects } from "./selectors.js";
import { serviceUrlsOf } from "./service-urls.js";
import { clusterPodLabels, clustersOf, containersOf, type Pod, podsOf } from "./workloads.js";

// The connections an environment's configuration implies, to hold its NetworkPolicies against.

// Who calls in from outside the namespace, with the labels their standard installs give them.
const INGRESS_CONTROLLER: Endpoint = {
  namespace: "ingress-nginx",
  labels: {
    "app.kubernetes.io/name": "ingress-nginx",
    "app.kubernetes.io/component": "controller",
  },
  ports: [],
  name: "the ingress controller (namespace ingress-nginx)",
};
const CNPG_OPERATOR: Endpoint = {
  namespace: "cnpg-system",
  labels: { "app.kubernetes.io/name": "cloudnative-pg" },
  ports: [],
  name: "CloudNativePG's operator (namespace cnpg-system)",
};
const KUBE_DNS: Endpoint = {
  namespace: "kube-system",
  labels: { "k8s-app": "kube-dns" },
  ports: [],
  name: "kube-dns",
};
/** Addresses outside the cluster (documentation ranges): any address would do. */
const KUBERNETES_API: Endpoint = { ip: "192.0.2.1", name: "the Kubernetes API" };
const STRIPE: Endpoint = { ip: "198.51.100.7", name: "Stripe's API" };

/** CloudNativePG's instance ports: PostgreSQL, and the status the operator polls. */
const INSTANCE_PORTS: readonly DeclaredPort[] = [
  { name: "postgresql", containerPort: 5432 },
  { name: "status", containerPort: 8000 },
  { name: "metrics", containerPort: 9187 },
];

export type PodEndpoint = Extract<Endpoint, { namespace: string }> & { owner: Manifest };

export function podEndpoint(pod: Pod): PodEndpoint {
  const ports = containersOf(pod)
    .filter(({ init }) => !init)
    .flatMap(({ container }) =>
      (container.ports ?? []).map((p) => ({ ...p, protocol: p.protocol ?? "TCP" })),
    );
  return {
    namespace: pod.owner.metadata.namespace ?? "",
    labels: pod.labels,
    ports,
    name: `${pod.owner.kind}/${pod.owner.metadata.name}`,
    owner: pod.owner,
  };
}

/** A CloudNativePG Cluster's instances, as one endpoint. */
export function clusterEndpoint(cluster: ICluster & Manifest): PodEndpoint {
  return {
    namespace: cluster.metadata.namespace ?? "",
    labels: clusterPodLabels(cluster),
    ports: INSTANCE_PORTS,
    name: `Cluster/${cluster.metadata.name}`,
    owner: cluster,
  };
}

/** A connection the configuration needs, and why, to say so when it is blocked. */
export interface Need extends Connection {
  why: string;
  /** Whose it is, for the report: the caller, or the called for calls from outside. */
  owner: Manifest;
  path: string;
}

/** The container port a Service port forwards to on one pod (a named targetPort is the pod's). */
function targetOn(endpoint: PodEndpoint, service: IService, port: number): number | undefined {
  const servicePort = (service.spec?.ports ?? []).find((p) => p.port === port);
  if (!servicePort) return undefined;
  const target = servicePort.targetPort ?? servicePort.port;
  return typeof target === "number"
    ? target
    : endpoint.ports.find((p) => p.name === target)?.containerPort;
}

/**
 * Every connection the environment's configuration implies: each URL naming a Service, each
 * database secret (CloudNativePG's instances), Stripe for a holder of its key with no other
 * API base, DNS for everyone with a host name, the ingress controller to each backend, and
 * CloudNativePG's own traffic (operator to instances, instances to each other and to the API).
 */
export function needs(env: Environment, external: readonly ExternalObject[]): Need[] {
  const pods = podsOf(env).map((pod) => ({ pod, endpoint: podEndpoint(pod) }));
  const endpointOf = (pod: Pod) =>
    pods.find((p) => p.pod.owner === pod.owner)?.endpoint ?? podEndpoint(pod);
  const behind = (service: IService & Manifest) =>
    pods.filter(
      ({ pod, endpoint }) =>
        sameNamespace(pod.owner, service) &&
        serviceSelects(service.spec?.selector, endpoint.labels),
    );
  const clusters = clustersOf(env).map((cluster) => ({
    cluster,
    endpoint: clusterEndpoint(cluster),
  }));
  const found: Need[] = [];
  const tcp = (
    from: Endpoint,
    to: Endpoint,
    port: number,
    why: string,
    owner: Manifest,
    path = "",
  ): Need => ({ from, to, port, protocol: "TCP", why, owner, path });

  for (const { pod, source, path, url, service, port } of serviceUrlsOf(env, external)) {
    for (const { endpoint } of behind(service)) {
      const target = targetOn(endpoint, service, port);
      if (target !== undefined)
        found.push(tcp(endpointOf(pod), endpoint, target, `${source}=${url}`, pod.owner, path));
    }
  }
  const known = knownObjects(env, external);
  for (const { pod, endpoint } of pods) {
    for (const at of containersOf(pod)) {
      const variables = [...variablesOf(at, known).values()];
      for (const variable of variables) {
        const database = clusters.find(
          ({ cluster }) => variable.secret?.name === `${cluster.metadata.name}-app`,
        );
        if (database)
          found.push(
            tcp(
              endpoint,
              database.endpoint,
              5432,
              `${variable.name} from Secret ${variable.secret?.name}`,
              pod.owner,
              variable.path,
            ),
          );
      }
      const names = new Set(variables.map((v) => v.name));
      if (names.has("STRIPE_SECRET_KEY") && !names.has("STRIPE_API_BASE")) {
        found.push(
          tcp(
            endpoint,
            STRIPE,
            443,
            "STRIPE_SECRET_KEY and no STRIPE_API_BASE",
            pod.owner,
            at.path,
          ),
        );
      }
    }
    if (found.some((need) => need.from.name === endpoint.name)) {
      for (const protocol of ["UDP", "TCP"]) {
        found.push({
          from: endpoint,
          to: KUBE_DNS,
          port: 53,
          protocol,
          why: "host names to resolve",
          owner: pod.owner,
          path: "",
        });
      }
    }
  }
  for (const ingress of ofKind<IIngress>(env, "Ingress")) {
    for (const rule of ingress.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend.service;
        const service = ofKind<IService>(env, "Service").find(
          (s) => s.metadata.name === backend?.name && sameNamespace(s, ingress),
        );
        const port = (service?.spec?.ports ?? []).find(
          (p) => p.port === backend?.port?.number || p.name === backend?.port?.name,
        )?.port;
        if (!service || port === undefined) continue;
        for (const { pod, endpoint } of behind(service)) {
          const target = targetOn(endpoint, service, port);
          if (target !== undefined)
            found.push(
              tcp(
                INGRESS_CONTROLLER,
                endpoint,
                target,
                `Ingress ${ingress.metadata.name} ${path.path}`,
                pod.owner,
              ),
            );
        }
      }
    }
  }
  for (const { cluster, endpoint } of clusters) {
    const owner = cluster as Manifest;
    found.push(tcp(CNPG_OPERATOR, endpoint, 5432, "the operator manages the instances", owner));
    found.push(
      tcp(CNPG_OPERATOR, endpoint, 8000, "the operator polls each instance's status", owner),
    );
    if ((cluster.spec?.instances ?? 1) > 1)
      found.push(tcp(endpoint, endpoint, 5432, "replication between the instances", owner));
    for (const port of [443, 6443])
      found.push(
        tcp(endpoint, KUBERNETES_API, port, "the instance manager watches the API", owner),
      );
  }
  return found;
}
