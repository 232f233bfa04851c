/**
 * The API's error shape, `{"errors":[{"message":"…","field":"price"}]}`, turned into what a form
 * shows: each field's message next to that field, everything else in one alert.
 */

export interface ApiErrorItem {
  message: string;
  field?: string;
}

/** A form's errors: by form field name, and the one alert for the rest. */
export interface FormErrors {
  fields: Record<string, string>;
  alert: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, alert: null };

/** Said when the backend cannot be reached or fails: something to do, not a stack trace. */
export const UNAVAILABLE_MESSAGE =
  "The service is unavailable right now. Nothing was changed; please try again in a moment.";

const FALLBACK_BY_STATUS: Record<number, string> = {
  400: "Please check what you entered",
  401: "Please sign in",
  402: "The payment was declined",
  403: "You are not allowed to do that",
  404: "Not found",
  409: "That conflicts with a change someone just made; reload and try again",
  413: "That is too large",
  422: "That request was already used for something else; reload and try again",
  429: "Too many attempts; please wait and try again",
};

/** The error items of a response body, whatever it holds; never empty. */
export function errorItemsFrom(body: unknown, status: number): ApiErrorItem[] {
  const items: ApiErrorItem[] = [];
  const errors = isRecord(body) ? body.errors : undefined;
  if (Array.isArray(errors)) {
    for (const error of errors) {
      if (!isRecord(error) || typeof error.message !== "string" || error.message === "") continue;
      const item: ApiErrorItem = { message: error.message.slice(0, 500) };
      if (typeof error.field === "string" && error.field !== "") item.field = error.field;
      items.push(item);
    }
  }
  if (items.length === 0) items.push({ message: fallbackMessage(status) });
  return items;
}

/** What to say for a status when the body says nothing usable. */
export function fallbackMessage(status: number): string {
  if (status >= 500) return UNAVAILABLE_MESSAGE;
  return FALLBACK_BY_STATUS[status] ?? "Something went wrong; please try again";
}

/**
 * Sorts the items onto a form: `fieldMap` names, for each API field the form has, the form
 * field it belongs to (the API's `startsAt` is the form's `date`). An item for a field the form
 * lacks, or with no field, goes to the alert. The first message for a field wins.
 */
export function formErrorsFrom(
  items: readonly ApiErrorItem[],
  fieldMap: Readonly<Record<string, string>>,
): FormErrors {
  const fields: Record<string, string> = {};
  const alerts: string[] = [];
  for (const item of items) {
    const formField = item.field === undefined ? undefined : fieldMap[item.field];
    if (formField === undefined) {
      if (!alerts.includes(item.message)) alerts.push(item.message);
    } else if (!(formField in fields)) {
      fields[formField] = item.message;
    }
  }
  return { fields, alert: alerts.length > 0 ? alerts.join(" ") : null };
}

/** "Try again in 2 minutes." from a Retry-After of seconds; null when absent or a date. */
export function retryAfterText(retryAfter: string | null): string | null {
  if (retryAfter === null || !/^\d{1,7}$/.test(retryAfter.trim())) return null;
  const seconds = Number(retryAfter.trim());
  if (seconds <= 0) return null;
  if (seconds < 60) return `Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
