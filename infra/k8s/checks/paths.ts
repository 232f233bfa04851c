const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A path inside an object as people write it: `spec.template.spec.containers[0].image`, and
 * `metadata.labels["app.kubernetes.io/name"]` for a key that is no identifier.
 */
export function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** A JSON pointer (`/spec/containers/0`, as ajv reports) as a path. */
export function fromPointer(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<string>((path, token) => child(path, /^\d+$/.test(token) ? Number(token) : token), "");
}

/** A path below `path` written out (`securityContext.runAsUser`): identifiers only. */
export const below = (path: string, fields: string): string =>
  path === "" ? fields : `${path}.${fields}`;
