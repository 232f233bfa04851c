import { describe, expect, it } from "vitest";
import { allowBetween, allowDns, defaultDeny, networkPolicy } from "./fixtures.js";
import type { Manifest } from "./manifest.js";
import { allows, type Endpoint } from "./network-access.js";

const pod = (name: string, ports: { name?: string; containerPort: number }[] = []): Endpoint => ({
  namespace: "microtickets",
  labels: { "app.kubernetes.io/name": name },
  ports,
  name,
});
const client = pod("client");
const auth = pod("auth", [{ name: "http", containerPort: 4001 }]);
const dns: Endpoint = {
  namespace: "kube-system",
  labels: { "k8s-app": "kube-dns" },
  ports: [],
  name: "kube-dns",
};
const internet: Endpoint = { ip: "198.51.100.7", name: "Stripe" };
const tcp = (from: Endpoint, to: Endpoint, port: number, protocol = "TCP") => ({
  from,
  to,
  port,
  protocol,
});
type Policies = Parameters<typeof allows>[0];
const policies = (...objects: Manifest[]) => objects as unknown as Policies;

describe("NetworkPolicy evaluation", () => {
  it("lets everything through where no policy selects either end", () => {
    expect(allows([], tcp(client, auth, 4001))).toBe(true);
  });

  it("lets nothing through a default deny, then what an egress and an ingress rule both allow", () => {
    const denied = policies(defaultDeny());
    const allowed = policies(defaultDeny(), ...allowBetween("client", "auth", 4001));

    expect(allows(denied, tcp(client, auth, 4001))).toBe(false);
    expect(allows(allowed, tcp(client, auth, 4001))).toBe(true);
    expect(allows(allowed, tcp(client, auth, 4002))).toBe(false);
    expect(allows(allowed, tcp(auth, client, 4001))).toBe(false);
  });

  it("needs both ends: an egress rule alone is not enough", () => {
    const [egressOnly] = allowBetween("client", "auth", 4001);
    expect(allows(policies(defaultDeny(), egressOnly as Manifest), tcp(client, auth, 4001))).toBe(
      false,
    );
  });

  it("matches peers in other namespaces by namespace labels, and the protocol", () => {
    const withDns = policies(defaultDeny(), allowDns());

    expect(allows(withDns, tcp(client, dns, 53, "UDP"))).toBe(true);
    expect(allows(withDns, tcp(client, { ...dns, namespace: "default" }, 53, "UDP"))).toBe(false);
    expect(allows(withDns, tcp(client, dns, 53, "SCTP"))).toBe(false);
  });

  it("resolves a named port on the destination, and matches addresses against an ipBlock", () => {
    const named = networkPolicy("auth-in", {
      podSelector: { matchLabels: { "app.kubernetes.io/name": "auth" } },
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ port: "http" }] }],
    });
    const toInternet = networkPolicy("out", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }],
          ports: [{ port: 443 }],
        },
      ],
    });

    expect(allows(policies(named), tcp(client, auth, 4001))).toBe(true);
    expect(allows(policies(named), tcp(client, auth, 4002))).toBe(false);
    expect(allows(policies(toInternet), tcp(client, internet, 443))).toBe(true);
    expect(allows(policies(toInternet), tcp(client, { ip: "10.1.2.3", name: "inside" }, 443))).toBe(
      false,
    );
  });
});
