import { autoscaling } from "./autoscaling.js";
import { configReferences } from "./config-references.js";
import { disruptionBudgets } from "./disruption-budgets.js";
import { gracefulShutdown } from "./graceful-shutdown.js";
import { hostAccess } from "./host-access.js";
import { httpRoute } from "./http-route.js";
import { imageBuilds, type SkaffoldArtifact } from "./image-builds.js";
import { images } from "./images.js";
import { ingress } from "./ingress.js";
import type { Environment, Rule, Violation } from "./manifest.js";
import { networkFlows, networkLeastPrivilege } from "./network-flows.js";
import { networkPolicies } from "./network-policies.js";
import { probes } from "./probes.js";
import type { ExternalObject } from "./references.js";
import { resources } from "./resources.js";
import { rollingUpdate } from "./rollout.js";
import { checkSchema } from "./schema.js";
import { secretExposure } from "./secret-exposure.js";
import { securityContext } from "./security-context.js";
import { serviceAccounts } from "./service-accounts.js";
import { type ServiceDefinitionLike, serviceConfig, storefrontConfig } from "./service-config.js";
import { serviceUrls } from "./service-urls.js";
import { services } from "./services.js";
import { topologySpread } from "./topology-spread.js";

/** What the rules need from outside the manifests. */
export interface CheckContext {
  /** The ConfigMaps and Secrets the environment expects to exist without making them. */
  external: readonly ExternalObject[];
  /** The five services' definitions, for the variables their configuration requires. */
  definitions: readonly ServiceDefinitionLike[];
  artifacts: readonly SkaffoldArtifact[];
  /** Whether a file exists, by its path from the repository root. */
  fileExists(path: string): boolean;
}

/** Every rule, in the order a reader would check a manifest by hand. */
export function rulesFor(context: CheckContext): Rule[] {
  return [
    securityContext,
    hostAccess,
    serviceAccounts,
    probes,
    resources,
    images,
    gracefulShutdown,
    rollingUpdate,
    autoscaling,
    disruptionBudgets,
    networkPolicies,
    networkFlows(context.external),
    networkLeastPrivilege(context.external),
    topologySpread,
    services,
    serviceUrls(context.external),
    ingress,
    httpRoute,
    configReferences(context.external),
    serviceConfig(context.definitions, context.external),
    storefrontConfig(context.external),
    secretExposure(context.external),
    imageBuilds(context.artifacts, context.fileExists),
  ];
}

/**
 * Every violation in an environment: each object against its schema, then the rules over the
 * objects that match theirs (the rules read them as their model types; a broken one is
 * already reported).
 */
export function checkEnvironment(env: Environment, rules: readonly Rule[]): Violation[] {
  const checked = env.objects.map((object) => ({ object, ...checkSchema(object) }));
  const valid: Environment = {
    ...env,
    objects: checked.filter((c) => c.valid).map((c) => c.object),
  };
  return [...checked.flatMap((c) => c.violations), ...rules.flatMap((rule) => rule(valid))];
}
