import { describe, expect, it } from "vitest";
import {
  allowFromIngress,
  defaultDeny,
  deployment,
  environment,
  networkPolicy,
} from "./fixtures.js";
import type { Manifest } from "./manifest.js";
import { networkPolicies } from "./network-policies.js";

const auth = deployment("auth", 4001);
const cluster: Manifest = {
  apiVersion: "postgresql.cnpg.io/v1",
  kind: "Cluster",
  metadata: { name: "auth-db", namespace: "microtickets" },
  spec: { instances: 3 },
};
const check = (name: string, ...objects: Manifest[]) =>
  networkPolicies(environment(name, objects)).map((v) => `${v.kind}/${v.name} ${v.message}`);

describe("the network policy rule", () => {
  it("passes prod with a default deny and a policy letting each pod do its work", () => {
    const database = networkPolicy("auth-db", {
      podSelector: { matchLabels: { "cnpg.io/cluster": "auth-db" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "auth" } } }] }],
    });

    expect(
      check("prod", auth, cluster, defaultDeny(), allowFromIngress("auth", 4001), database),
    ).toEqual([]);
  });

  it("asks nothing of dev", () => {
    expect(check("dev", auth)).toEqual([]);
  });

  it("reports prod without a default deny, and pods no policy selects", () => {
    expect(check("prod", auth)).toEqual([
      "NetworkPolicy/default-deny no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)",
      "Deployment/auth its pods are selected by no NetworkPolicy",
    ]);
  });

  it("reports pods the default deny isolates with nothing allowed, CloudNativePG's instances too", () => {
    expect(check("prod", auth, cluster, defaultDeny(), allowFromIngress("auth", 4001))).toEqual([
      "Cluster/auth-db no NetworkPolicy allows its pods any traffic (only the default deny selects them)",
    ]);
  });

  it("does not take a deny of ingress alone for a default deny", () => {
    const ingressOnly = networkPolicy("default-deny", {
      podSelector: {},
      policyTypes: ["Ingress"],
    });

    expect(check("prod", auth, ingressOnly, allowFromIngress("auth", 4001))[0]).toMatch(
      /no default-deny/,
    );
  });
});
