import { SetupError } from "@microtickets/dev-servers";

/**
 * MICROTICKETS_NAMESPACE isolates one whole stack on shared servers: its databases are
 * `<ns>_auth` …, its stream and subjects `<ns>` / `<ns>.`, its Redis keys `<ns>:`. Unset in normal
 * use; the end-to-end tests set it so they never touch a developer's running stack.
 */
export function stackNamespace(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const namespace = env.MICROTICKETS_NAMESPACE;
  if (!namespace) return undefined;
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(namespace)) {
    throw new SetupError(
      "Invalid configuration: MICROTICKETS_NAMESPACE: lower-case letters, digits and _ (max 31)",
    );
  }
  return namespace;
}

export const namespacedDatabase = (database: string, namespace: string | undefined): string =>
  namespace ? `${namespace}_${database}` : database;

/** What each service reads to keep to its namespace's stream, subjects and keys. */
export function namespaceEnv(service: string, namespace: string | undefined): NodeJS.ProcessEnv {
  if (!namespace) return {};
  return {
    BUS_STREAM: namespace.toUpperCase(),
    BUS_SUBJECT_PREFIX: `${namespace}.`,
    REDIS_KEY_PREFIX: `${namespace}:${service}:`,
  };
}
