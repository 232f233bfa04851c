import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { isProd, ofKind, type Rule, sameNamespace, type Violation, violation } from "./manifest.js";
import { type LabelSelector, selects } from "./selectors.js";
import { podLabelSets } from "./workloads.js";

const isEmptySelector = (selector: LabelSelector | undefined) =>
  Object.keys(selector?.matchLabels ?? {}).length === 0 &&
  (selector?.matchExpressions ?? []).length === 0;

/** Selects every pod, for ingress and egress, and allows nothing. */
export function isDefaultDeny(policy: INetworkPolicy): boolean {
  const spec = policy.spec;
  const types = spec?.policyTypes ?? [];
  return (
    isEmptySelector(spec?.podSelector) &&
    types.includes("Ingress") &&
    types.includes("Egress") &&
    (spec?.ingress ?? []).length === 0 &&
    (spec?.egress ?? []).length === 0
  );
}

/**
 * In prod, traffic is denied unless allowed: a default-deny policy, and every pod (our
 * workloads' and CloudNativePG's instances) selected by at least one policy that allows it
 * something; a pod under the default deny alone can neither serve nor call anyone.
 */
export const networkPolicies: Rule = (env) => {
  if (!isProd(env)) return [];
  const policies = ofKind<INetworkPolicy>(env, "NetworkPolicy");
  const found: Violation[] = [];
  if (!policies.some(isDefaultDeny)) {
    const namespace = env.objects.find((object) => object.kind === "Namespace");
    const at = namespace ?? {
      kind: "NetworkPolicy",
      metadata: { name: "default-deny" },
      apiVersion: "",
    };
    found.push(
      violation(
        at,
        "",
        "no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)",
      ),
    );
  }
  for (const { owner, labels } of podLabelSets(env)) {
    const selecting = policies.filter(
      (policy) => sameNamespace(policy, owner) && selects(policy.spec?.podSelector, labels),
    );
    if (selecting.length === 0) {
      found.push(violation(owner, "", "its pods are selected by no NetworkPolicy"));
    } else if (selecting.every(isDefaultDeny)) {
      found.push(
        violation(
          owner,
          "",
          "no NetworkPolicy allows its pods any traffic (only the default deny selects them)",
        ),
      );
    }
  }
  return found;
};
