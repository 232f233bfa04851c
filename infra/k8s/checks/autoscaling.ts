import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import {
  type Environment,
  type Manifest,
  ofKind,
  type Rule,
  sameNamespace,
  violation,
} from "./manifest.js";

const autoscalers = (env: Environment) =>
  ofKind<IHorizontalPodAutoscaler>(env, "HorizontalPodAutoscaler");

/** The HorizontalPodAutoscaler that scales `workload`, if one does. */
export function autoscalerOf(
  env: Environment,
  workload: Manifest,
): IHorizontalPodAutoscaler | undefined {
  return autoscalers(env).find(
    (hpa) =>
      hpa.spec?.scaleTargetRef.kind === workload.kind &&
      hpa.spec.scaleTargetRef.name === workload.metadata.name &&
      sameNamespace(hpa, workload),
  );
}

/** The fewest pods a workload runs: its autoscaler's minimum, else its replicas (1 unset). */
export function minimumReplicas(env: Environment, workload: Manifest): number {
  const hpa = autoscalerOf(env, workload);
  if (hpa) return hpa.spec?.minReplicas ?? 1;
  return (workload.spec as { replicas?: number } | undefined)?.replicas ?? 1;
}

/**
 * Each autoscaler scales a Deployment that exists, and that Deployment leaves `replicas` to
 * it: a fixed count would reset the scale to it on every apply.
 */
export const autoscaling: Rule = (env) =>
  autoscalers(env).flatMap((hpa) => {
    const target = hpa.spec?.scaleTargetRef;
    if (target?.kind !== "Deployment" || target.apiVersion !== "apps/v1") {
      return [
        violation(
          hpa,
          "spec.scaleTargetRef",
          `must target an apps/v1 Deployment, targets ${target?.apiVersion}/${target?.kind}`,
        ),
      ];
    }
    const deployment = env.objects.find(
      (object) =>
        object.kind === "Deployment" &&
        object.metadata.name === target.name &&
        sameNamespace(object, hpa),
    );
    if (!deployment) {
      return [
        violation(hpa, "spec.scaleTargetRef.name", `Deployment ${target.name} does not exist`),
      ];
    }
    if ((deployment.spec as { replicas?: number } | undefined)?.replicas !== undefined) {
      return [
        violation(
          deployment,
          "spec.replicas",
          `must be unset: HorizontalPodAutoscaler/${hpa.metadata.name} scales it`,
        ),
      ];
    }
    return [];
  });
