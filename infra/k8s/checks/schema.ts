import { type Manifest, type Violation, violation } from "./manifest.js";
import { modelFor } from "./models.js";
import { child, fromPointer } from "./paths.js";

/** What ajv reports of one failed keyword (the fields we read). */
interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: { allowedValues?: unknown[] };
}

export interface SchemaCheck {
  /** The object matches its kind's schema: the other rules can read it as its model type. */
  valid: boolean;
  violations: Violation[];
}

/**
 * Validates an object with its kubernetes-models class, then reports every field the schema
 * does not define: validation alone lets a misspelt `readinesProbe` through, and the API
 * server would drop it without a word.
 */
export function checkSchema(object: Manifest): SchemaCheck {
  const Model = modelFor(object.apiVersion, object.kind);
  if (!Model) {
    return {
      valid: false,
      violations: [
        violation(object, "", `unknown kind ${object.apiVersion}/${object.kind}: no schema for it`),
      ],
    };
  }
  const model = new Model(object);
  const { errors, read } = validateTracked(model);
  const invalid = errorViolations(object, errors);
  const unknown = undefinedFields(model, read, errors).map((path) =>
    violation(object, path, "field not defined by the schema (misspelt or misplaced?)"),
  );
  return { valid: errors.length === 0, violations: [...invalid, ...unknown] };
}

/**
 * Runs the model's validator on a proxy of the object that records which fields it reads. The
 * validators (ajv, compiled from the OpenAPI schemas) read exactly the properties a schema
 * defines, and every key of a map (`additionalProperties`): a key never read is one the
 * schema does not know.
 */
function validateTracked(model: { validate(): void }): {
  errors: SchemaError[];
  read: WeakMap<object, Set<string>>;
} {
  const read = new WeakMap<object, Set<string>>();
  const track = (value: unknown): unknown => {
    if (typeof value !== "object" || value === null) return value;
    const keys = read.get(value) ?? new Set<string>();
    read.set(value, keys);
    return new Proxy(value, {
      get(target, key, receiver) {
        if (typeof key === "string") keys.add(key);
        return track(Reflect.get(target, key, receiver));
      },
    });
  };
  try {
    // `validate` reads `this`: handing it the proxy as `this` validates through the proxy.
    model.validate.call(track(model));
    return { errors: [], read };
  } catch (error) {
    return { errors: schemaErrorsOf(error), read };
  }
}

function schemaErrorsOf(error: unknown): SchemaError[] {
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) return errors as SchemaError[];
  return [{ instancePath: "", keyword: "exception", message: String(error) }];
}

/** One violation a path, its messages joined: `must be string or must be integer`. */
function errorViolations(object: Manifest, errors: SchemaError[]): Violation[] {
  const byPath = new Map<string, Set<string>>();
  for (const error of errors) {
    // oneOf/anyOf only say that the branches (reported beside) all failed.
    if (error.keyword === "oneOf" || error.keyword === "anyOf") continue;
    const allowed = error.params?.allowedValues;
    const message = `${error.message ?? error.keyword}${allowed ? ` (${allowed.join(", ")})` : ""}`;
    const path = fromPointer(error.instancePath);
    byPath.set(path, (byPath.get(path) ?? new Set()).add(message));
  }
  return [...byPath].map(([path, messages]) => violation(object, path, [...messages].join(" or ")));
}

/** Where the validator did not look below a value because the value itself had the wrong type. */
function stoppedAt(errors: SchemaError[]): string[] {
  return errors
    .filter((error) => error.keyword === "type" || error.keyword === "oneOf")
    .map((error) => fromPointer(error.instancePath));
}

const FREE_FORM_METADATA = new Set(["labels", "annotations"]);

function undefinedFields(
  model: object,
  read: WeakMap<object, Set<string>>,
  errors: SchemaError[],
): string[] {
  const stopped = stoppedAt(errors);
  const found: string[] = [];
  const walk = (value: unknown, path: string, key: string | number | undefined) => {
    if (typeof value !== "object" || value === null) return;
    if (stopped.includes(path)) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, child(path, index), index);
      });
      return;
    }
    const known = read.get(value);
    for (const [field, fieldValue] of Object.entries(value)) {
      // Labels and annotations are free-form maps, also where a CRD embeds a bare `metadata`.
      if (key === "metadata" && FREE_FORM_METADATA.has(field)) continue;
      if (!known?.has(field)) found.push(child(path, field));
      else walk(fieldValue, child(path, field), field);
    }
  };
  walk(model, "", undefined);
  return found;
}
