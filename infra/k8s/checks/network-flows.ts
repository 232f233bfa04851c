import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import {
  type Environment,
  isProd,
  ofKind,
  type Rule,
  type Violation,
  violation,
} from "./manifest.js";
import { allows } from "./network-access.js";
import { clusterEndpoint, needs, type PodEndpoint, podEndpoint } from "./network-needs.js";
import type { ExternalObject } from "./references.js";
import { clustersOf, podsOf } from "./workloads.js";

const policiesOf = (env: Environment) => ofKind<INetworkPolicy>(env, "NetworkPolicy");

/** In prod, every connection the configuration implies is let through by the NetworkPolicies. */
export const networkFlows =
  (external: readonly ExternalObject[]): Rule =>
  (env) => {
    if (!isProd(env)) return [];
    const policies = policiesOf(env);
    const seen = new Set<string>();
    return needs(env, external).flatMap((need): Violation[] => {
      if (allows(policies, need)) return [];
      const message = `${need.from.name} cannot reach ${need.to.name} on ${need.protocol} ${need.port} (${need.why}): no NetworkPolicy lets it`;
      if (seen.has(message)) return [];
      seen.add(message);
      return [violation(need.owner, need.path, message)];
    });
  };

/**
 * In prod, the NetworkPolicies let no pod of ours reach another's declared port unless the
 * configuration needs it: a service cannot reach another's database, the storefront no
 * database, bus or cache.
 */
export const networkLeastPrivilege =
  (external: readonly ExternalObject[]): Rule =>
  (env) => {
    if (!isProd(env)) return [];
    const policies = policiesOf(env);
    const needed = needs(env, external);
    const endpoints: PodEndpoint[] = [
      ...podsOf(env).map(podEndpoint),
      ...clustersOf(env).map(clusterEndpoint),
    ];
    const found: Violation[] = [];
    for (const from of endpoints) {
      for (const to of endpoints) {
        for (const { containerPort: port, protocol = "TCP" } of to.ports) {
          const connection = { from, to, port, protocol };
          if (!allows(policies, connection)) continue;
          const isNeeded = needed.some(
            (n) =>
              n.from.name === from.name &&
              n.to.name === to.name &&
              n.port === port &&
              n.protocol === protocol,
          );
          if (!isNeeded)
            found.push(
              violation(
                from.owner,
                "",
                `may reach ${to.name} on ${protocol} ${port}, which nothing in its configuration needs`,
              ),
            );
        }
      }
    }
    return found;
  };
