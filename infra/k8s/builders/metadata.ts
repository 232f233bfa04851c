import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";

export type ObjectMeta = NonNullable<IDeployment["metadata"]>;

export const NAMESPACE = "microtickets";
export const PART_OF = { "app.kubernetes.io/part-of": "microtickets" } as const;

export type WorkloadComponent =
  | "api"
  | "worker"
  | "storefront"
  | "database"
  | "bus"
  | "cache"
  | "dev-tool";

/** The selector of a workload's pods: its name alone, so it never changes under a rollout. */
export const selectorOf = (name: string) => ({ "app.kubernetes.io/name": name });

export const workloadLabels = (name: string, component: WorkloadComponent) => ({
  ...selectorOf(name),
  "app.kubernetes.io/component": component,
  ...PART_OF,
});

/** Metadata of an object in the namespace; a workload's carry its name and component. */
export function objectMeta(
  name: string,
  workload?: { name: string; component: WorkloadComponent },
  extra: Pick<ObjectMeta, "annotations"> = {},
): ObjectMeta {
  return {
    name,
    namespace: NAMESPACE,
    labels: workload ? workloadLabels(workload.name, workload.component) : { ...PART_OF },
    ...extra,
  };
}
