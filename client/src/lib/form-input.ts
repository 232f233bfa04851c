/**
 * Reading a form's fields on the server. Every server action is a public endpoint: FormData may
 * hold anything (files, repeated names, megabytes), so each field is read as untrusted.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * One text field, at most `maxLength` characters; undefined when it is missing, repeated, a
 * file or too long (a browser that followed the form sends none of those).
 */
export function textField(form: FormData, name: string, maxLength: number): string | undefined {
  const values = form.getAll(name);
  if (values.length !== 1) return undefined;
  const [value] = values;
  if (typeof value !== "string" || value.length > maxLength) return undefined;
  return value;
}

/** A field that must be a UUID (ids, idempotency keys). */
export function uuidField(form: FormData, name: string): string | undefined {
  const value = textField(form, name, 36);
  return isUuid(value) ? value.toLowerCase() : undefined;
}
