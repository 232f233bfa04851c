import type { Deployable } from "../deployables.js";

export type EnvironmentName = "dev" | "prod";

/** What differs between the environments; the builders read only this. */
export interface Environment {
  name: EnvironmentName;
  /** The image reference a deployable's pods run. */
  image(entry: Deployable): string;
  /** HTTP Deployments scale on CPU between these (prod); otherwise one replica each. */
  autoscaling?: { minReplicas: number; maxReplicas: number; cpuUtilization: number };
  /** Replicas of the workers that do not autoscale (expiration). */
  workerReplicas: number;
  /** Spread each workload's pods over zones and nodes (prod: the cluster has several). */
  spreadPods: boolean;
  nats: { replicas: number; storage: string; maxFileStore: string };
  /** JetStream copies of the bus stream: one per NATS server, up to three. */
  busStreamReplicas: number;
  redis: { storage: string };
  /** dev: one PostgreSQL StatefulSet; prod: a CloudNativePG cluster per service. */
  databases:
    | { kind: "statefulset"; storage: string }
    | { kind: "cloudnative-pg"; instances: number; storage: string };
  /** The public host name and its certificate's Secret; none: any host, plain HTTP. */
  tls?: { host: string; secretName: string };
  gateway: { className: string; namespace: string };
  /** Where the controllers that call in live (prod's NetworkPolicies let them in). */
  ingressControllerNamespace: string;
  networkPolicies: boolean;
}
