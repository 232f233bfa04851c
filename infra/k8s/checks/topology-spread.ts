import { isProd, type Rule, type Violation, violation } from "./manifest.js";
import { child } from "./paths.js";
import { selects } from "./selectors.js";
import { podsOf } from "./workloads.js";

/** Zones first, then nodes: losing either takes at most a share of each Deployment. */
export const SPREAD_KEYS = ["topology.kubernetes.io/zone", "kubernetes.io/hostname"];

/** In prod, each Deployment's pods are spread over zones and nodes, by a selector of their own labels. */
export const topologySpread: Rule = (env) => {
  if (!isProd(env)) return [];
  return podsOf(env)
    .filter((pod) => pod.owner.kind === "Deployment")
    .flatMap((pod): Violation[] => {
      const constraints = pod.spec.topologySpreadConstraints ?? [];
      return SPREAD_KEYS.flatMap((key) => {
        const constraint = constraints.find((c) => c.topologyKey === key);
        const at = child(pod.path, "topologySpreadConstraints");
        if (!constraint) return [violation(pod.owner, at, `no constraint spreads over ${key}`)];
        if (!selects(constraint.labelSelector, pod.labels)) {
          return [
            violation(
              pod.owner,
              at,
              `the ${key} constraint's labelSelector does not select the pods themselves`,
            ),
          ];
        }
        return [];
      });
    });
};
