/** The fields every Kubernetes object has; the rest is read through its kind's model type. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** One environment as it is deployed: every object of its committed YAML. */
export interface Environment {
  /** The folder under infra/k8s: "dev" or "prod". */
  name: string;
  objects: readonly Manifest[];
}

/** Something wrong with one object, at a path inside it (`spec.template.spec.containers[0]`). */
export interface Violation {
  kind: string;
  name: string;
  path: string;
  message: string;
}

/** A check over a whole environment: objects are often wrong only in relation to others. */
export type Rule = (env: Environment) => Violation[];

export const isProd = (env: Environment): boolean => env.name === "prod";

export function violation(object: Manifest, path: string, message: string): Violation {
  return { kind: object.kind, name: object.metadata.name, path, message };
}

/** `<env> <kind>/<name> <path>: <message>`, one line a violation, as the suite prints them. */
export function formatViolation(env: string, { kind, name, path, message }: Violation): string {
  return `${env} ${kind}/${name} ${path || "."}: ${message}`;
}

export const isManifest = (value: unknown): value is Manifest => {
  if (typeof value !== "object" || value === null) return false;
  const { apiVersion, kind, metadata } = value as Record<string, unknown>;
  return (
    typeof apiVersion === "string" &&
    typeof kind === "string" &&
    typeof metadata === "object" &&
    metadata !== null &&
    typeof (metadata as Record<string, unknown>).name === "string"
  );
};

/** The objects of one kind, typed as its model's interface (`ofKind<IService>(env, "Service")`). */
export function ofKind<T>(env: Environment, kind: string): (Manifest & T)[] {
  return env.objects.filter((object) => object.kind === kind) as (Manifest & T)[];
}

/** Objects of the same namespace see each other (Services select pods, policies apply) only there. */
export const sameNamespace = (a: Manifest, b: Manifest): boolean =>
  (a.metadata.namespace ?? "") === (b.metadata.namespace ?? "");
