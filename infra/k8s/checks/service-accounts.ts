import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { ofKind, type Rule, sameNamespace, type Violation, violation } from "./manifest.js";
import { child } from "./paths.js";
import { podsOf } from "./workloads.js";

/**
 * Each workload runs under a ServiceAccount of its own, with no API token mounted: none of
 * ours calls the Kubernetes API, so a token would only be something to steal.
 */
export const serviceAccounts: Rule = (env) => {
  const accounts = ofKind<IServiceAccount>(env, "ServiceAccount");
  const pods = podsOf(env);
  const found: Violation[] = [];
  for (const pod of pods) {
    const at = (field: string) => child(pod.path, field);
    if (pod.spec.automountServiceAccountToken !== false) {
      found.push(violation(pod.owner, at("automountServiceAccountToken"), "must be false"));
    }
    const name = pod.spec.serviceAccountName;
    if (name === undefined || name === "default") {
      found.push(
        violation(
          pod.owner,
          at("serviceAccountName"),
          "must name a ServiceAccount of the workload's own, not default",
        ),
      );
      continue;
    }
    if (
      !accounts.some(
        (account) => account.metadata.name === name && sameNamespace(account, pod.owner),
      )
    ) {
      found.push(
        violation(pod.owner, at("serviceAccountName"), `ServiceAccount ${name} does not exist`),
      );
    }
    const sharers = pods.filter(
      (other) =>
        other.owner !== pod.owner &&
        other.spec.serviceAccountName === name &&
        sameNamespace(other.owner, pod.owner),
    );
    if (sharers.length > 0) {
      const others = sharers
        .map((other) => `${other.owner.kind}/${other.owner.metadata.name}`)
        .join(", ");
      found.push(
        violation(
          pod.owner,
          at("serviceAccountName"),
          `ServiceAccount ${name} is shared with ${others}`,
        ),
      );
    }
  }
  for (const account of accounts) {
    if (account.automountServiceAccountToken !== false) {
      found.push(violation(account, "automountServiceAccountToken", "must be false"));
    }
  }
  return found;
};
