import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { ofKind, type Rule, type Violation, violation } from "./manifest.js";

const isZero = (value: number | string | undefined) =>
  value === 0 || value === "0%" || value === "0";

/**
 * A Deployment rolls one new pod in before it takes an old one out (maxUnavailable 0): with
 * two replicas, 25% unavailable would be half the capacity gone during every rollout.
 */
export const rollingUpdate: Rule = (env) =>
  ofKind<IDeployment>(env, "Deployment").flatMap((deployment): Violation[] => {
    const strategy = deployment.spec?.strategy;
    if (strategy?.type === "Recreate") {
      return [violation(deployment, "spec.strategy.type", "must be RollingUpdate, not Recreate")];
    }
    const { maxUnavailable, maxSurge } = strategy?.rollingUpdate ?? {};
    if (!isZero(maxUnavailable)) {
      return [
        violation(
          deployment,
          "spec.strategy.rollingUpdate.maxUnavailable",
          `must be 0, is ${maxUnavailable ?? "unset (25%)"}`,
        ),
      ];
    }
    if (isZero(maxSurge)) {
      return [
        violation(
          deployment,
          "spec.strategy.rollingUpdate.maxSurge",
          "must be above 0 when maxUnavailable is 0",
        ),
      ];
    }
    return [];
  });
