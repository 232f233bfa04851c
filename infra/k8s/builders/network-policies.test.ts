import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { describe, expect, it } from "vitest";
import { ENVIRONMENTS, plain } from "../environments.js";
import { networkPolicies } from "./network-policies.js";

const policies = () => networkPolicies(ENVIRONMENTS.prod).map(plain) as INetworkPolicy[];
const policyOf = (name: string) => {
  const found = policies().find((policy) => policy.metadata?.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
};
const egressTargets = (name: string) =>
  (policyOf(name).spec?.egress ?? []).flatMap((rule) => rule.to ?? []);

describe("prod's network policies", () => {
  it("deny every connection that no policy allows, both ways", () => {
    expect(policyOf("default-deny").spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
    });
  });

  it("let only payments reach outside the cluster on 443 among our services", () => {
    const outside = ["auth", "tickets", "orders", "expiration", "payments", "client"].filter(
      (name) => egressTargets(name).some((peer) => peer.ipBlock),
    );

    expect(outside).toEqual(["payments"]);
  });

  it("let each service reach its own database's instances and no other's", () => {
    for (const service of ["auth", "tickets", "orders", "payments"]) {
      const databases = egressTargets(service).flatMap((peer) =>
        Object.values(peer.podSelector?.matchLabels ?? {}).filter((value) => value.endsWith("-db")),
      );
      expect(databases, service).toEqual([`${service}-db`]);
    }
  });

  it("let the storefront call the four APIs and nothing else", () => {
    const called = egressTargets("client").map(
      (peer) => peer.podSelector?.matchLabels?.["app.kubernetes.io/name"],
    );

    expect(called).toEqual(["auth", "tickets", "orders", "payments"]);
  });
});
