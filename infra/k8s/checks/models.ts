import * as cnpg from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1";
import * as gatewayApi from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as autoscaling from "kubernetes-models/autoscaling/v2";
import * as batch from "kubernetes-models/batch/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import * as policy from "kubernetes-models/policy/v1";
import * as rbac from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as core from "kubernetes-models/v1";

/** A kubernetes-models class: built from an object's data, it validates against its schema. */
export interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: object): { validate(): void };
}

/** The API groups (at the versions we deploy) whose objects the manifests may hold. */
const GROUPS: readonly Record<string, unknown>[] = [
  core,
  apps,
  batch,
  policy,
  autoscaling,
  networking,
  rbac,
  gatewayApi,
  cnpg,
];

const isModelClass = (value: unknown): value is ModelClass =>
  typeof value === "function" &&
  typeof (value as Partial<ModelClass>).apiVersion === "string" &&
  typeof (value as Partial<ModelClass>).kind === "string";

/** Every top-level kind of those groups by `apiVersion/kind` (each class is exported twice). */
const MODELS: ReadonlyMap<string, ModelClass> = new Map(
  GROUPS.flatMap((group) => Object.values(group))
    .filter(isModelClass)
    .map((model) => [`${model.apiVersion}/${model.kind}`, model]),
);

export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  return MODELS.get(`${apiVersion}/${kind}`);
}
