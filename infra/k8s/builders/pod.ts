import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IProbe } from "kubernetes-models/v1/Probe";
import type { ITopologySpreadConstraint } from "kubernetes-models/v1/TopologySpreadConstraint";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { Sizing } from "../sizing.js";

export interface RunAs {
  user: number;
  group: number;
}

/** Our images' numeric USER (infra/images/*.Dockerfile); NATS's image, which has none, too. */
export const APP_USER: RunAs = { user: 10001, group: 10001 };

/** What the restricted Pod Security Standard asks of every container, and a read-only root. */
export const CONTAINER_SECURITY: NonNullable<IContainer["securityContext"]> = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
};

export function resourcesOf(sizing: Sizing): NonNullable<IContainer["resources"]> {
  return {
    requests: { cpu: sizing.cpuRequest, memory: sizing.memoryRequest },
    limits: { memory: sizing.memoryLimit },
  };
}

/** A writable directory on the read-only root: an emptyDir, bounded so it cannot fill the node. */
export interface ScratchDir {
  volume: string;
  mountPath: string;
  sizeLimit: string;
}

export const TMP: ScratchDir = { volume: "tmp", mountPath: "/tmp", sizeLimit: "64Mi" };

export const scratchVolumes = (dirs: readonly ScratchDir[]): IVolume[] =>
  dirs.map((dir) => ({ name: dir.volume, emptyDir: { sizeLimit: dir.sizeLimit } }));

export const scratchMounts = (dirs: readonly ScratchDir[]) =>
  dirs.map((dir) => ({ name: dir.volume, mountPath: dir.mountPath }));

export type ProbeTiming = Pick<
  IProbe,
  "initialDelaySeconds" | "periodSeconds" | "timeoutSeconds" | "failureThreshold"
>;

/**
 * The HTTP workloads' timings. Startup allows 60 s: a service migrates its database (waiting
 * on the advisory lock another replica may hold) before it listens. Liveness is slow to give
 * up (a busy event loop is not a dead one); readiness is quick, so a pod whose database or bus
 * went away stops taking requests within ~10 s.
 */
export const HTTP_PROBE_TIMING = {
  startup: { periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 },
  liveness: { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
  readiness: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 },
} as const satisfies Record<string, ProbeTiming>;

export const httpGetProbe = (path: string, port: string, timing: ProbeTiming): IProbe => ({
  httpGet: { path, port },
  ...timing,
});

export const execProbe = (command: string[], timing: ProbeTiming): IProbe => ({
  exec: { command },
  ...timing,
});

export const ZONE = "topology.kubernetes.io/zone";
export const NODE = "kubernetes.io/hostname";

/**
 * Pods of one workload spread over zones and/or nodes, as evenly as the cluster allows but
 * never left pending for it (ScheduleAnyway). With `pod-template-hash` as `revisionLabel`, only
 * the current revision's pods count, so a rollout spreads its new pods too.
 */
export function spreadOver(
  topologyKeys: readonly string[],
  matchLabels: Record<string, string>,
  options: { revisionLabel?: string } = {},
): ITopologySpreadConstraint[] {
  return topologyKeys.map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: "ScheduleAnyway",
    labelSelector: { matchLabels },
    ...(options.revisionLabel && { matchLabelKeys: [options.revisionLabel] }),
  }));
}

export interface PodOptions {
  serviceAccountName: string;
  runAs: RunAs;
  containers: IContainer[];
  volumes: IVolume[];
  terminationGracePeriodSeconds: number;
  scheduling?: Pick<IPodSpec, "affinity" | "topologySpreadConstraints">;
}

/**
 * A pod as the restricted Pod Security Standard wants it (non-root, no privilege escalation,
 * no capabilities, the runtime's seccomp profile), every container on a read-only root, no
 * Kubernetes API token (nothing here calls the API) and no service-link variables (every
 * address is configured by name, and dozens of `*_PORT` variables would only confuse).
 */
export function hardenedPodSpec(options: PodOptions): IPodSpec {
  return {
    serviceAccountName: options.serviceAccountName,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: options.runAs.user,
      runAsGroup: options.runAs.group,
      fsGroup: options.runAs.group,
      seccompProfile: { type: "RuntimeDefault" },
    },
    terminationGracePeriodSeconds: options.terminationGracePeriodSeconds,
    containers: options.containers.map((container) => ({
      ...container,
      securityContext: CONTAINER_SECURITY,
    })),
    volumes: options.volumes,
    ...options.scheduling,
  };
}
