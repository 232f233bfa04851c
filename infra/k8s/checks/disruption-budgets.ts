import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { minimumReplicas } from "./autoscaling.js";
import { ofKind, type Rule, sameNamespace, type Violation, violation } from "./manifest.js";
import { selects } from "./selectors.js";
import { clustersOf, LONG_RUNNING, podsOf } from "./workloads.js";

/**
 * Anything that runs more than one pod has a PodDisruptionBudget, so a node drain never takes
 * all of them at once; and no budget forbids every eviction, which would block the drain.
 */
export const disruptionBudgets: Rule = (env) => {
  const budgets = ofKind<IPodDisruptionBudget>(env, "PodDisruptionBudget");
  const pods = podsOf(env).filter((pod) => LONG_RUNNING.has(pod.owner.kind));
  const found: Violation[] = [];
  for (const pod of pods) {
    const replicas = minimumReplicas(env, pod.owner);
    const covered = budgets.some(
      (pdb) => sameNamespace(pdb, pod.owner) && selects(pdb.spec?.selector, pod.labels),
    );
    if (replicas > 1 && !covered) {
      found.push(
        violation(
          pod.owner,
          "",
          `runs ${replicas} replicas but no PodDisruptionBudget selects its pods`,
        ),
      );
    }
  }
  for (const pdb of budgets) {
    const selected = pods.filter(
      (pod) => sameNamespace(pdb, pod.owner) && selects(pdb.spec?.selector, pod.labels),
    );
    if (selected.length === 0) {
      found.push(violation(pdb, "spec.selector", "selects no workload's pods"));
    }
    const { maxUnavailable, minAvailable } = pdb.spec ?? {};
    if (maxUnavailable === 0 || maxUnavailable === "0%") {
      found.push(
        violation(pdb, "spec.maxUnavailable", "0 forbids every eviction: node drains would hang"),
      );
    }
    const fewest = Math.min(...selected.map((pod) => minimumReplicas(env, pod.owner)));
    if (minAvailable === "100%" || (typeof minAvailable === "number" && minAvailable >= fewest)) {
      found.push(
        violation(
          pdb,
          "spec.minAvailable",
          `${minAvailable} leaves no pod to evict: node drains would hang`,
        ),
      );
    }
  }
  for (const cluster of clustersOf(env)) {
    if ((cluster.spec?.instances ?? 1) > 1 && cluster.spec?.enablePDB === false) {
      found.push(
        violation(cluster, "spec.enablePDB", "must not be false: the instances need their budget"),
      );
    }
  }
  return found;
};
