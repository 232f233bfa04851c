import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IContainerPort } from "kubernetes-models/v1/ContainerPort";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { Service } from "kubernetes-models/v1/Service";
import type { Sizing } from "../sizing.js";
import { disruptionBudget } from "./autoscaling.js";
import { serviceAccount } from "./http-service.js";
import { objectMeta, selectorOf, workloadLabels } from "./metadata.js";
import {
  hardenedPodSpec,
  type RunAs,
  resourcesOf,
  type ScratchDir,
  scratchMounts,
  scratchVolumes,
} from "./pod.js";

/** One of the servers we run but do not build: NATS, dev's PostgreSQL, Redis. */
export interface StatefulDefinition {
  name: string;
  component: "bus" | "database" | "cache";
  image: string;
  /** The image's own unprivileged user, whose files its entrypoint expects. */
  runAs: RunAs;
  replicas: number;
  /** Start every pod at once: a NATS cluster needs its peers to exist to form. */
  startTogether?: boolean;
  container: Pick<IContainer, "command" | "args" | "env" | "lifecycle">;
  ports: (IContainerPort & { name: string })[];
  /** The ports of the Service named after the workload, which clients connect to. */
  clientPorts: string[];
  /** A headless Service for the pods' own DNS names (NATS routes), with these ports. */
  headless?: { name: string; ports: string[] };
  /** Files mounted read-only from a ConfigMap `<configMap>`; `executable` for scripts. */
  files?: {
    configMap: string;
    mountPath: string;
    data: Record<string, string>;
    executable?: boolean;
  };
  /** The PVC each pod keeps across restarts and rescheduling. */
  data: { mountPath: string; storage: string };
  scratch: ScratchDir[];
  probes: { startup: IProbe; liveness: IProbe; readiness: IProbe };
  terminationGracePeriodSeconds: number;
  sizing: Sizing;
  scheduling?: Pick<IPodSpec, "affinity" | "topologySpreadConstraints">;
}

/**
 * A server with its data on a PersistentVolumeClaim: ServiceAccount, its files' ConfigMap, the
 * StatefulSet, its Services, and a disruption budget when it runs more than one pod.
 */
export function statefulInfrastructure(def: StatefulDefinition) {
  const workload = { name: def.name, component: def.component };
  const portsNamed = (names: string[]) =>
    names.map((portName) => {
      const port = def.ports.find((candidate) => candidate.name === portName);
      if (!port) throw new Error(`${def.name} has no port named ${portName}`);
      return {
        name: portName,
        port: port.containerPort,
        targetPort: portName,
        protocol: "TCP" as const,
      };
    });

  const configMap = def.files
    ? new ConfigMap({ metadata: objectMeta(def.files.configMap, workload), data: def.files.data })
    : undefined;
  const configVolume = def.files
    ? [
        {
          name: "config",
          configMap: {
            name: def.files.configMap,
            ...(def.files.executable && { defaultMode: 0o555 }),
          },
        },
      ]
    : [];
  const configMount = def.files
    ? [{ name: "config", mountPath: def.files.mountPath, readOnly: true }]
    : [];

  const clientService = new Service({
    metadata: objectMeta(def.name, workload),
    spec: { selector: selectorOf(def.name), ports: portsNamed(def.clientPorts) },
  });
  const headlessService = def.headless
    ? new Service({
        metadata: objectMeta(def.headless.name, workload),
        spec: {
          clusterIP: "None",
          // Peers must find each other before they are ready: readiness waits for the cluster.
          publishNotReadyAddresses: true,
          selector: selectorOf(def.name),
          ports: portsNamed(def.headless.ports),
        },
      })
    : undefined;

  const statefulSet = new StatefulSet({
    metadata: objectMeta(def.name, workload),
    spec: {
      replicas: def.replicas,
      serviceName: def.headless?.name ?? def.name,
      podManagementPolicy: def.startTogether ? "Parallel" : "OrderedReady",
      updateStrategy: { type: "RollingUpdate" },
      selector: { matchLabels: selectorOf(def.name) },
      template: {
        metadata: { labels: workloadLabels(def.name, def.component) },
        spec: hardenedPodSpec({
          serviceAccountName: def.name,
          runAs: def.runAs,
          terminationGracePeriodSeconds: def.terminationGracePeriodSeconds,
          containers: [
            {
              name: def.name,
              image: def.image,
              imagePullPolicy: "IfNotPresent",
              ...def.container,
              ports: def.ports.map((port) => ({ ...port, protocol: "TCP" })),
              resources: resourcesOf(def.sizing),
              startupProbe: def.probes.startup,
              livenessProbe: def.probes.liveness,
              readinessProbe: def.probes.readiness,
              volumeMounts: [
                { name: "data", mountPath: def.data.mountPath },
                ...configMount,
                ...scratchMounts(def.scratch),
              ],
            },
          ],
          volumes: [...configVolume, ...scratchVolumes(def.scratch)],
          scheduling: def.scheduling,
        }),
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: workloadLabels(def.name, def.component) },
          spec: {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: def.data.storage } },
          },
        },
      ],
    },
  });

  return [
    serviceAccount(workload),
    ...(configMap ? [configMap] : []),
    statefulSet,
    clientService,
    ...(headlessService ? [headlessService] : []),
    ...(def.replicas > 1 ? [disruptionBudget(workload)] : []),
  ];
}
