import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { type LabelSelector, selects } from "./selectors.js";

/** A port a pod's container declares (a named port in a policy is looked up in these). */
export interface DeclaredPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/** One end of a connection: a pod (of ours or in another namespace), or an address outside. */
export type Endpoint =
  | {
      namespace: string;
      labels: Readonly<Record<string, string>>;
      ports: readonly DeclaredPort[];
      /** Who it is, in messages: `Deployment/auth`, `namespace ingress-nginx`. */
      name: string;
    }
  | { ip: string; name: string };

export interface Connection {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol: string;
}

type Policy = INetworkPolicy & { metadata: { namespace?: string } };
type Rule = { ports?: { port?: number | string; endPort?: number; protocol?: string }[] };
type Peer = {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
};

const isPod = (endpoint: Endpoint): endpoint is Extract<Endpoint, { namespace: string }> =>
  "namespace" in endpoint;

/** What a policy governs: Ingress, plus Egress when it has egress rules, unless it says. */
function policyTypes(policy: Policy): string[] {
  return policy.spec?.policyTypes ?? ["Ingress", ...(policy.spec?.egress ? ["Egress"] : [])];
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = "", bits = "32"] = cidr.split("/");
  const toNumber = (address: string) =>
    address.split(".").reduce((n, part) => n * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(base) / size);
}

/**
 * Whether a rule's peer is `endpoint`. A pod's address is not known here, so only an ipBlock
 * of every address (0.0.0.0/0 and no exceptions) is taken to include pods, as it does on a
 * real cluster.
 */
function peerMatches(peer: Peer, endpoint: Endpoint, policyNamespace: string): boolean {
  if (peer.ipBlock) {
    const { cidr, except = [] } = peer.ipBlock;
    if (!isPod(endpoint))
      return inCidr(endpoint.ip, cidr) && !except.some((e) => inCidr(endpoint.ip, e));
    return cidr === "0.0.0.0/0" && except.length === 0;
  }
  if (!isPod(endpoint)) return false;
  const namespaceLabels = { "kubernetes.io/metadata.name": endpoint.namespace };
  const namespaceOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, namespaceLabels)
    : endpoint.namespace === policyNamespace;
  return (
    namespaceOk && (peer.podSelector === undefined || selects(peer.podSelector, endpoint.labels))
  );
}

/** Whether a rule's ports let `port` through to `destination` (named ports are its own). */
function portMatches(rule: Rule, port: number, protocol: string, destination: Endpoint): boolean {
  if (!rule.ports || rule.ports.length === 0) return true;
  return rule.ports.some((entry) => {
    if ((entry.protocol ?? "TCP") !== protocol) return false;
    if (entry.port === undefined) return true;
    if (typeof entry.port === "string") {
      return (
        isPod(destination) &&
        destination.ports.some((p) => p.name === entry.port && p.containerPort === port)
      );
    }
    return port >= entry.port && port <= (entry.endPort ?? entry.port);
  });
}

/** One direction: the policies selecting `self` for `type` allow the connection, or none selects it. */
function sideAllows(
  policies: readonly Policy[],
  type: "Ingress" | "Egress",
  self: Endpoint,
  peer: Endpoint,
  connection: Connection,
): boolean {
  if (!isPod(self)) return true;
  const governing = policies.filter(
    (policy) =>
      (policy.metadata.namespace ?? "") === self.namespace &&
      selects(policy.spec?.podSelector ?? {}, self.labels) &&
      policyTypes(policy).includes(type),
  );
  if (governing.length === 0) return true;
  return governing.some((policy) => {
    const namespace = policy.metadata.namespace ?? "";
    // An ingress rule's peers are `from`, an egress rule's `to`: the rest is the same.
    const rules: (Rule & { peers?: Peer[] })[] =
      type === "Ingress"
        ? (policy.spec?.ingress ?? []).map((rule) => ({ peers: rule.from, ports: rule.ports }))
        : (policy.spec?.egress ?? []).map((rule) => ({ peers: rule.to, ports: rule.ports }));
    return rules.some(({ peers = [], ports }) => {
      const peerOk = peers.length === 0 || peers.some((p) => peerMatches(p, peer, namespace));
      return peerOk && portMatches({ ports }, connection.port, connection.protocol, connection.to);
    });
  });
}

/** Whether NetworkPolicies let `connection` through: egress at its source and ingress at its destination. */
export function allows(policies: readonly Policy[], connection: Connection): boolean {
  return (
    sideAllows(policies, "Egress", connection.from, connection.to, connection) &&
    sideAllows(policies, "Ingress", connection.to, connection.from, connection)
  );
}
