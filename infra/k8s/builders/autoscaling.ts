import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { Deployable } from "../deployables.js";
import type { Environment } from "./environment.js";
import { objectMeta, selectorOf, type WorkloadComponent } from "./metadata.js";

/** HTTP Deployments scale with their traffic where the environment autoscales (prod). */
export const isAutoscaled = (entry: Deployable, env: Environment): boolean =>
  env.autoscaling !== undefined && entry.route !== undefined;

/**
 * A Deployment's replicas: none where an autoscaler owns the count (a `replicas` in the manifest
 * would reset it on every apply), the environment's worker count for a worker, else one.
 */
export function replicasOf(entry: Deployable, env: Environment): number | undefined {
  if (isAutoscaled(entry, env)) return undefined;
  return entry.component === "worker" ? env.workerReplicas : 1;
}

/** A drain or an upgrade of nodes takes one pod of a replicated workload at a time. */
export function disruptionBudget(workload: { name: string; component: WorkloadComponent }) {
  return new PodDisruptionBudget({
    metadata: objectMeta(workload.name, workload),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorOf(workload.name) } },
  });
}

/** The HPA and the disruption budget of a Deployment that runs more than one pod. */
export function autoscaling(entry: Deployable, env: Environment) {
  const workload = { name: entry.name, component: entry.component };
  const objects: (HorizontalPodAutoscaler | PodDisruptionBudget)[] = [];
  if (env.autoscaling && isAutoscaled(entry, env)) {
    objects.push(
      new HorizontalPodAutoscaler({
        metadata: objectMeta(entry.name, workload),
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: entry.name },
          minReplicas: env.autoscaling.minReplicas,
          maxReplicas: env.autoscaling.maxReplicas,
          metrics: [
            {
              type: "Resource",
              resource: {
                name: "cpu",
                target: { type: "Utilization", averageUtilization: env.autoscaling.cpuUtilization },
              },
            },
          ],
        },
      }),
    );
  }
  const replicas = replicasOf(entry, env);
  if (replicas === undefined || replicas > 1) objects.push(disruptionBudget(workload));
  return objects;
}
