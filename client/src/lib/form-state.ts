import type { FormErrors } from "./api-errors";

/**
 * What a form's server action answers when it does not redirect: the errors to show, the
 * values to put back (never a password) and, for purchase and payment forms, the
 * Idempotency-Key for the next attempt.
 */
export interface FormState {
  errors: FormErrors;
  values: Record<string, string>;
  /** A fresh key once an attempt has been answered: the next try is a new request. */
  idempotencyKey?: string;
  /** With Stripe Elements: the browser must finish 3-D Secure with this client secret. */
  clientSecret?: string;
}

export function initialFormState(
  values: Record<string, string> = {},
  idempotencyKey?: string,
): FormState {
  return {
    errors: { fields: {}, alert: null },
    values,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
}

export function alertState(message: string, values: Record<string, string> = {}): FormState {
  return { errors: { fields: {}, alert: message }, values };
}
