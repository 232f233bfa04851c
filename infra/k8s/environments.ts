import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../launcher/paths.js";
import { databaseClusters } from "./builders/database-clusters.js";
import type { Environment, EnvironmentName } from "./builders/environment.js";
import { gateway, httpRoutes } from "./builders/gateway.js";
import { httpService } from "./builders/http-service.js";
import { ingress } from "./builders/ingress.js";
import { namespace } from "./builders/namespace.js";
import { nats } from "./builders/nats.js";
import { networkPolicies } from "./builders/network-policies.js";
import { devPostgres } from "./builders/postgres.js";
import { redis } from "./builders/redis.js";
import { DEPLOYABLES, type Deployable } from "./deployables.js";

export type { EnvironmentName } from "./builders/environment.js";
export const ENVIRONMENT_NAMES: readonly EnvironmentName[] = ["dev", "prod"];

/** A release runs the version its workspace's package.json says: never `latest`. */
const releasedVersion = (entry: Deployable): string =>
  JSON.parse(readFileSync(join(repoRoot, entry.workspace, "package.json"), "utf8")).version;

export const ENVIRONMENTS: Record<EnvironmentName, Environment> = {
  /** A laptop's cluster (kind, minikube, Docker Desktop) under `skaffold dev`. */
  dev: {
    name: "dev",
    // skaffold replaces it with the tag of the image it just built.
    image: (entry) => `microtickets/${entry.name}`,
    workerReplicas: 1,
    spreadPods: false,
    nats: { replicas: 1, storage: "1Gi", maxFileStore: "800MB" },
    busStreamReplicas: 1,
    redis: { storage: "1Gi" },
    databases: { kind: "statefulset", storage: "2Gi" },
    gateway: { className: "nginx", namespace: "nginx-gateway" },
    ingressControllerNamespace: "ingress-nginx",
    networkPolicies: false,
  },
  prod: {
    name: "prod",
    image: (entry) => `microtickets/${entry.name}:${releasedVersion(entry)}`,
    autoscaling: { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 },
    workerReplicas: 2,
    spreadPods: true,
    nats: { replicas: 3, storage: "10Gi", maxFileStore: "8GB" },
    busStreamReplicas: 3,
    redis: { storage: "2Gi" },
    databases: { kind: "cloudnative-pg", instances: 3, storage: "10Gi" },
    // A placeholder host: an overlay (or this line) names the real one and its certificate.
    tls: { host: "microtickets.example.com", secretName: "microtickets-tls" },
    // NGINX Gateway Fabric's namespace, where its data plane runs.
    gateway: { className: "nginx", namespace: "nginx-gateway" },
    ingressControllerNamespace: "ingress-nginx",
    networkPolicies: true,
  },
};

/** What every kubernetes-models object is: data that checks itself against its schema. */
export interface Manifest {
  toJSON(): unknown;
  validate(): void;
}

/** The objects of one file under infra/k8s/<env>/. */
export interface EnvironmentFile<T = object> {
  file: string;
  objects: T[];
}

/**
 * The Gateway API's objects, apart: a laptop's cluster rarely has its CRDs, so `skaffold dev`
 * leaves this file out (prod lists the CRDs among its prerequisites, external.ts).
 */
export const GATEWAY_API_FILE = "gateway.yaml";

/** Every object of an environment as a model, one file per component. */
export function environmentModels(name: EnvironmentName): EnvironmentFile<Manifest>[] {
  const env = ENVIRONMENTS[name];
  const deployables = DEPLOYABLES.filter((entry) => !entry.devOnly || name === "dev");
  const databases =
    env.databases.kind === "statefulset"
      ? devPostgres(env.databases.storage)
      : databaseClusters(env.databases);
  return [
    { file: "namespace.yaml", objects: [namespace()] },
    { file: "nats.yaml", objects: nats(env) },
    { file: "postgres.yaml", objects: databases },
    { file: "redis.yaml", objects: redis(env) },
    ...deployables.map((entry) => ({
      file: `${entry.name}.yaml`,
      objects: httpService(entry, env),
    })),
    { file: "ingress.yaml", objects: [ingress(env)] },
    { file: GATEWAY_API_FILE, objects: [gateway(env), ...httpRoutes(env)] },
    ...(env.networkPolicies
      ? [{ file: "network-policies.yaml", objects: networkPolicies(env) }]
      : []),
  ];
}

/** Plain JSON, as kubectl would be given it. */
export const plain = (model: Manifest): object => JSON.parse(JSON.stringify(model.toJSON()));

/** The file layout of an environment, each object as plain JSON. */
export function environmentFiles(name: EnvironmentName): EnvironmentFile[] {
  return environmentModels(name).map(({ file, objects }) => ({
    file,
    objects: objects.map(plain),
  }));
}

/** Every object of an environment, as plain JSON, in apply order. */
export function renderEnvironment(name: EnvironmentName): object[] {
  return environmentFiles(name).flatMap(({ objects }) => objects);
}
