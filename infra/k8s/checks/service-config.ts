import {
  type Environment,
  type Manifest,
  type Rule,
  type Violation,
  violation,
} from "./manifest.js";
import { child } from "./paths.js";
import { type ExternalObject, knownObjects, type Variable, variablesOf } from "./references.js";
import {
  builtImageName,
  type ContainerAt,
  containersOf,
  LONG_RUNNING,
  podsOf,
} from "./workloads.js";

/** A schema as zod makes them: `safeParse` of one variable's value. */
interface VariableSchema {
  safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } };
}

/** What the checks need of a service's definition (common/src/service/define-service.ts). */
export interface ServiceDefinitionLike {
  name: string;
  config: { shape: Readonly<Record<string, VariableSchema>> };
}

/** The container running `name`: the one with its image, else its name, else the only one. */
function containerOf(
  env: Environment,
  name: string,
): { owner: Manifest; at: ContainerAt } | undefined {
  for (const pod of podsOf(env).filter((p) => p.name === name && LONG_RUNNING.has(p.owner.kind))) {
    const containers = containersOf(pod).filter(({ init }) => !init);
    const at =
      containers.find(({ container }) => builtImageName(container.image) === name) ??
      containers.find(({ container }) => container.name === name) ??
      containers[0];
    if (at) return { owner: pod.owner, at };
  }
  return undefined;
}

/** A variable is required when its schema refuses it missing (no default, not optional). */
export const requiredVariables = (definition: ServiceDefinitionLike): string[] =>
  Object.entries(definition.config.shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([name]) => name);

const missing = (name: string): Manifest => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
});

/**
 * Each service's container is given every variable its configuration schema requires (the
 * service refuses to start otherwise), and each value the manifests spell out is one the
 * schema accepts.
 */
export const serviceConfig =
  (definitions: readonly ServiceDefinitionLike[], external: readonly ExternalObject[]): Rule =>
  (env) => {
    const known = knownObjects(env, external);
    return definitions.flatMap((definition): Violation[] => {
      const running = containerOf(env, definition.name);
      if (!running)
        return [
          violation(
            missing(definition.name),
            "",
            `no workload runs the ${definition.name} service`,
          ),
        ];
      const { owner, at } = running;
      const variables = variablesOf(at, known);
      const found: Violation[] = [];
      for (const name of requiredVariables(definition)) {
        if (!variables.has(name)) {
          found.push(
            violation(
              owner,
              child(at.path, "env"),
              `${name} is required by ${definition.name}'s config and not provided`,
            ),
          );
        }
      }
      for (const [name, schema] of Object.entries(definition.config.shape)) {
        const variable = variables.get(name);
        if (variable?.value === undefined) continue;
        const result = schema.safeParse(variable.value);
        if (!result.success) {
          const why = result.error?.issues[0]?.message ?? "invalid";
          found.push(
            violation(
              owner,
              variable.path,
              `${name}=${JSON.stringify(variable.value)} is refused by ${definition.name}'s config: ${why}`,
            ),
          );
        }
      }
      return found;
    });
  };

/** The APIs the storefront calls, each at `<API>_API_URL`, any of them falling back to API_URL. */
export const STOREFRONT_APIS = ["AUTH", "TICKETS", "ORDERS", "PAYMENTS"];

const isHttpUrl = (value: string) => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** The storefront (client/src/lib/config.ts) has an http(s) address for each API. */
export const storefrontConfig =
  (external: readonly ExternalObject[]): Rule =>
  (env) => {
    const running = containerOf(env, "client");
    if (!running) return [violation(missing("client"), "", "no workload runs the storefront")];
    const { owner, at } = running;
    const variables = variablesOf(at, knownObjects(env, external));
    const found: Violation[] = [];
    for (const api of STOREFRONT_APIS) {
      const variable: Variable | undefined =
        variables.get(`${api}_API_URL`) ?? variables.get("API_URL");
      if (!variable) {
        found.push(
          violation(owner, child(at.path, "env"), `neither ${api}_API_URL nor API_URL is provided`),
        );
      } else if (variable.value !== undefined && !isHttpUrl(variable.value)) {
        found.push(
          violation(
            owner,
            variable.path,
            `${variable.name}=${JSON.stringify(variable.value)} is no http(s) URL`,
          ),
        );
      }
    }
    return found;
  };
