import { parameterErrors } from "./stripe-errors.js";

/** A form body (or query) as `qs` parses Stripe's bracket syntax: strings, arrays and objects. */
export type FormParams = Record<string, unknown>;

function isRecord(value: unknown): value is FormParams {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body or query as a record; anything else (no body at all) reads as no parameters. */
export function formParams(value: unknown): FormParams {
  return isRecord(value) ? value : {};
}

/** Stripe refuses a parameter it does not know, naming it, rather than ignoring a typo. */
export function rejectUnknownParams(
  params: FormParams,
  known: readonly string[],
  prefix?: string,
): void {
  for (const name of Object.keys(params)) {
    if (!known.includes(name)) throw parameterErrors.unknown(prefix ? `${prefix}[${name}]` : name);
  }
}

export function optionalString(params: FormParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw parameterErrors.invalid(name, `Invalid string: ${JSON.stringify(value)}`);
  }
  return value;
}

export function requiredString(params: FormParams, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined) throw parameterErrors.missing(name);
  if (value === "") throw parameterErrors.empty(name);
  return value;
}

export function optionalEnum<T extends string>(
  params: FormParams,
  name: string,
  values: readonly T[],
): T | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw parameterErrors.invalid(
      name,
      `Invalid ${name}: must be one of ${values.join(", ")}`,
      "parameter_invalid_string",
    );
  }
  return value as T;
}

export function optionalBoolean(params: FormParams, name: string): boolean | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false") {
    throw parameterErrors.invalid(name, `Invalid boolean: ${value}`);
  }
  return value === "true";
}

/** A whole number in the smallest currency unit; "Invalid integer: 12.5" like Stripe. */
export function optionalInteger(params: FormParams, name: string): number | undefined {
  const value = optionalString(params, name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(number)) {
    throw parameterErrors.invalid(name, `Invalid integer: ${value}`, "parameter_invalid_integer");
  }
  return number;
}

export function optionalPositiveInteger(params: FormParams, name: string): number | undefined {
  const value = optionalInteger(params, name);
  if (value !== undefined && value < 1) {
    throw parameterErrors.invalid(name, "Invalid positive integer", "parameter_invalid_integer");
  }
  return value;
}

/** `metadata[key]=value` pairs; `metadata=` (empty) means none, as Stripe reads it. */
export function readMetadata(params: FormParams): Record<string, string> {
  const value = params.metadata;
  if (value === undefined || value === "") return {};
  if (!isRecord(value)) {
    throw parameterErrors.invalid("metadata", "Invalid object", "parameter_invalid_object");
  }
  const metadata: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== "string") {
      throw parameterErrors.invalid(`metadata[${key}]`, `Invalid string: ${JSON.stringify(entry)}`);
    }
    if (key.length > 40 || entry.length > 500) {
      throw parameterErrors.invalid(
        `metadata[${key}]`,
        "Metadata keys can be at most 40 characters and values at most 500 characters.",
      );
    }
    metadata[key] = entry;
  }
  return metadata;
}

/** A nested object parameter (`automatic_payment_methods[enabled]=true`), its keys checked. */
export function optionalObject(
  params: FormParams,
  name: string,
  known: readonly string[],
): FormParams | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    throw parameterErrors.invalid(name, "Invalid object", "parameter_invalid_object");
  }
  rejectUnknownParams(value, known, name);
  return value;
}

/** `payment_method_types[0]=card`: `qs` makes short indexed lists arrays. */
export function optionalStringArray(params: FormParams, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [value];
  if (!items.every((item): item is string => typeof item === "string")) {
    throw parameterErrors.invalid(name, "Invalid array", "parameter_invalid_array");
  }
  return items;
}

/** `expand[]=latest_charge`: which ids in the answer to replace by their objects. */
export function readExpand(params: FormParams, expandable: readonly string[]): string[] {
  const paths = optionalStringArray(params, "expand") ?? [];
  for (const path of paths) {
    if (!expandable.includes(path)) {
      throw parameterErrors.invalid("expand", `This property cannot be expanded (${path}).`);
    }
  }
  return paths;
}
