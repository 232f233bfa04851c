import { createHash } from "node:crypto";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { Deployable } from "../deployables.js";
import { sizingOf } from "../sizing.js";
import { autoscaling, replicasOf } from "./autoscaling.js";
import type { Environment } from "./environment.js";
import { objectMeta, selectorOf, type WorkloadComponent, workloadLabels } from "./metadata.js";
import {
  APP_USER,
  HTTP_PROBE_TIMING,
  hardenedPodSpec,
  httpGetProbe,
  NODE,
  resourcesOf,
  type ScratchDir,
  scratchMounts,
  scratchVolumes,
  spreadOver,
  TMP,
  ZONE,
} from "./pod.js";
import { referencedEnvOf, settingsOf } from "./workload-env.js";

/**
 * Kubernetes stops routing to a pod a moment after it starts terminating; the pause keeps the
 * pod serving until every endpoint list has dropped it, and only then comes SIGTERM. (Redis
 * and dev's PostgreSQL pause too: no new connection reaches a server that is stopping.)
 */
export const PRE_STOP_PAUSE_SECONDS = 5;
/** The pause, plus the 20 s a service drains in (run-service.ts), plus a margin. */
export const HTTP_TERMINATION_GRACE_SECONDS = 35;

/** Next's standalone server writes its image and fetch caches beside itself. */
const NEXT_CACHE: ScratchDir = {
  volume: "next-cache",
  mountPath: "/app/client/.next/cache",
  sizeLimit: "256Mi",
};

export function serviceAccount(workload: { name: string; component: WorkloadComponent }) {
  return new ServiceAccount({
    metadata: objectMeta(workload.name, workload),
    // No pod of ours calls the Kubernetes API: no token to steal.
    automountServiceAccountToken: false,
  });
}

/**
 * Everything one of our images needs to run in an environment: its ServiceAccount, ConfigMap,
 * Deployment and Service, and where it runs more than one pod, its autoscaler and disruption
 * budget. The same for the five services, the storefront and the Stripe emulator.
 */
export function httpService(entry: Deployable, env: Environment) {
  const { name, component } = entry;
  const workload = { name, component };
  const config = new ConfigMap({
    metadata: objectMeta(`${name}-config`, workload),
    data: settingsOf(entry, env),
  });
  const scratch = component === "storefront" ? [TMP, NEXT_CACHE] : [TMP];

  const deployment = new Deployment({
    metadata: objectMeta(name, workload),
    spec: {
      replicas: replicasOf(entry, env),
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorOf(name) },
      // A new pod is ready before an old one goes: capacity never drops during a rollout.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: workloadLabels(name, component),
          // envFrom is read at start only: a changed ConfigMap rolls the pods through this.
          annotations: { "checksum/config": checksum(config.data ?? {}) },
        },
        spec: hardenedPodSpec({
          serviceAccountName: name,
          runAs: APP_USER,
          terminationGracePeriodSeconds: HTTP_TERMINATION_GRACE_SECONDS,
          containers: [
            {
              name,
              image: env.image(entry),
              imagePullPolicy: "IfNotPresent",
              ports: [{ name: "http", containerPort: entry.port, protocol: "TCP" }],
              envFrom: [{ configMapRef: { name: `${name}-config` } }],
              env: referencedEnvOf(entry, env),
              resources: resourcesOf(sizingOf(name)),
              startupProbe: httpGetProbe("/healthz", "http", HTTP_PROBE_TIMING.startup),
              livenessProbe: httpGetProbe("/healthz", "http", HTTP_PROBE_TIMING.liveness),
              readinessProbe: httpGetProbe(
                entry.readinessPath,
                "http",
                HTTP_PROBE_TIMING.readiness,
              ),
              lifecycle: { preStop: { sleep: { seconds: PRE_STOP_PAUSE_SECONDS } } },
              volumeMounts: scratchMounts(scratch),
            },
          ],
          volumes: scratchVolumes(scratch),
          scheduling: env.spreadPods
            ? {
                topologySpreadConstraints: spreadOver([ZONE, NODE], selectorOf(name), {
                  revisionLabel: "pod-template-hash",
                }),
              }
            : undefined,
        }),
      },
    },
  });

  const service = new Service({
    metadata: objectMeta(name, workload),
    spec: {
      selector: selectorOf(name),
      ports: [{ name: "http", port: entry.port, targetPort: "http", protocol: "TCP" }],
    },
  });

  return [serviceAccount(workload), config, deployment, service, ...autoscaling(entry, env)];
}

const checksum = (data: Record<string, string>) =>
  createHash("sha256").update(JSON.stringify(data)).digest("hex").slice(0, 16);
