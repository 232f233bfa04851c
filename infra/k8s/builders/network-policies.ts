import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { INetworkPolicyEgressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule";
import type { INetworkPolicyIngressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule";
import type { INetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer";
import { apis, DEPLOYABLES, type Deployable, databaseOwners, uses } from "../deployables.js";
import type { Environment } from "./environment.js";
import { objectMeta, selectorOf } from "./metadata.js";
import { databaseCluster } from "./references.js";

const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP" as const, port }));
const pods = (name: string): INetworkPolicyPeer => ({
  podSelector: { matchLabels: selectorOf(name) },
});
const namespaced = (namespace: string, podLabels?: Record<string, string>): INetworkPolicyPeer => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": namespace } },
  ...(podLabels && { podSelector: { matchLabels: podLabels } }),
});
const databasePods = (service: string): INetworkPolicyPeer => ({
  podSelector: { matchLabels: { "cnpg.io/cluster": databaseCluster(service) } },
});
/** Outside the cluster: what no pod or namespace selector can name. */
const anywhere: INetworkPolicyPeer = { ipBlock: { cidr: "0.0.0.0/0" } };

function policy(
  name: string,
  podLabels: Record<string, string>,
  rules: { ingress: INetworkPolicyIngressRule[]; egress: INetworkPolicyEgressRule[] },
) {
  return new NetworkPolicy({
    metadata: objectMeta(name),
    spec: {
      podSelector: { matchLabels: podLabels },
      // Both types always: a workload with no rule of a kind is closed to it, said here too.
      policyTypes: ["Ingress", "Egress"],
      ingress: rules.ingress,
      egress: rules.egress,
    },
  });
}

/** Who may call one of our deployables, and what it may call: derived from what it uses. */
function deployablePolicy(entry: Deployable, env: Environment) {
  const ingress: INetworkPolicyIngressRule[] = [];
  if (entry.route) {
    ingress.push({
      from: [namespaced(env.ingressControllerNamespace), namespaced(env.gateway.namespace)],
      ports: tcp(entry.port),
    });
  }
  if (entry.component === "api") ingress.push({ from: [pods("client")], ports: tcp(entry.port) });

  const egress: INetworkPolicyEgressRule[] = [];
  if (uses(entry, "db")) egress.push({ to: [databasePods(entry.name)], ports: tcp(5432) });
  if (uses(entry, "nats")) egress.push({ to: [pods("nats")], ports: tcp(4222) });
  if (uses(entry, "redis")) egress.push({ to: [pods("redis")], ports: tcp(6379) });
  // Stripe's API, wherever it resolves to.
  if (uses(entry, "stripe")) egress.push({ to: [anywhere], ports: tcp(443) });
  if (entry.component === "storefront") {
    for (const api of apis()) egress.push({ to: [pods(api.name)], ports: tcp(api.port) });
  }
  return policy(entry.name, selectorOf(entry.name), { ingress, egress });
}

function natsPolicy() {
  const clients = DEPLOYABLES.filter((entry) => uses(entry, "nats"));
  return policy("nats", selectorOf("nats"), {
    ingress: [
      { from: clients.map((entry) => pods(entry.name)), ports: tcp(4222) },
      { from: [pods("nats")], ports: tcp(6222) },
    ],
    egress: [{ to: [pods("nats")], ports: tcp(6222) }],
  });
}

function redisPolicy() {
  const clients = DEPLOYABLES.filter((entry) => uses(entry, "redis"));
  return policy("redis", selectorOf("redis"), {
    ingress: [{ from: clients.map((entry) => pods(entry.name)), ports: tcp(6379) }],
    egress: [],
  });
}

/**
 * A service's CloudNativePG instances: its service connects, the operator checks and manages
 * them (5432, and 8000 for the instance manager's status), they replicate to each other, and
 * each instance manager talks to the Kubernetes API (the API server is no pod: 443 or 6443).
 */
function databasePolicy(service: string) {
  const cluster = databaseCluster(service);
  const operator = namespaced("cnpg-system", { "app.kubernetes.io/name": "cloudnative-pg" });
  return policy(
    cluster,
    { "cnpg.io/cluster": cluster },
    {
      ingress: [
        { from: [pods(service)], ports: tcp(5432) },
        { from: [operator], ports: tcp(5432, 8000) },
        { from: [databasePods(service)], ports: tcp(5432) },
      ],
      egress: [
        { to: [databasePods(service)], ports: tcp(5432) },
        { to: [anywhere], ports: tcp(443, 6443) },
      ],
    },
  );
}

/**
 * prod's NetworkPolicies: nothing may connect anywhere (default deny, both ways) except names
 * resolving (kube-dns) and the connections listed here, each one a dependency the deployables
 * table declares. (The kubelet's probes come from the node and are not subject to them.)
 */
export function networkPolicies(env: Environment) {
  const everyPod = {};
  const defaultDeny = new NetworkPolicy({
    metadata: objectMeta("default-deny"),
    spec: { podSelector: everyPod, policyTypes: ["Ingress", "Egress"] },
  });
  const dns = new NetworkPolicy({
    metadata: objectMeta("allow-dns"),
    spec: {
      podSelector: everyPod,
      policyTypes: ["Egress"],
      egress: [
        {
          to: [namespaced("kube-system", { "k8s-app": "kube-dns" })],
          ports: [
            { protocol: "UDP" as const, port: 53 },
            { protocol: "TCP" as const, port: 53 },
          ],
        },
      ],
    },
  });
  return [
    defaultDeny,
    dns,
    ...DEPLOYABLES.filter((entry) => !entry.devOnly).map((entry) => deployablePolicy(entry, env)),
    natsPolicy(),
    redisPolicy(),
    ...databaseOwners().map(({ name }) => databasePolicy(name)),
  ];
}
