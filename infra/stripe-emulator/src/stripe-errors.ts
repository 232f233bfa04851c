import type Stripe from "stripe";

export type StripeErrorType =
  | "api_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error";

/** The `error` object of a Stripe error response, as the SDK reads it. */
export interface StripeErrorFields {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  charge?: string;
  payment_intent?: Stripe.PaymentIntent;
  payment_method?: Stripe.PaymentMethod;
}

/**
 * An answer other than 2xx, thrown by a route or the account and turned into Stripe's error body
 * by the endpoint. `beforeExecution` marks a request refused while its parameters were read:
 * Stripe saves no idempotent result for those, so the same key can be retried with fixed params.
 */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly fields: StripeErrorFields,
    readonly beforeExecution = false,
  ) {
    super(fields.message);
    this.name = "StripeApiError";
  }
}

export interface StripeErrorBody {
  error: StripeErrorFields & { doc_url?: string; request_log_url?: string };
}

/** What Stripe sends: the fields, plus links to the docs of the code and to the request's log. */
export function stripeErrorBody(error: StripeApiError, requestId: string): StripeErrorBody {
  const { fields } = error;
  return {
    error: {
      ...fields,
      ...(fields.code && {
        doc_url: `https://stripe.com/docs/error-codes/${fields.code.replaceAll("_", "-")}`,
      }),
      request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}`,
    },
  };
}

function invalidParameter(param: string, message: string, code?: string): StripeApiError {
  return new StripeApiError(
    400,
    { type: "invalid_request_error", message, param, ...(code && { code }) },
    true,
  );
}

export const parameterErrors = {
  unknown: (param: string) =>
    invalidParameter(param, `Received unknown parameter: ${param}`, "parameter_unknown"),
  missing: (param: string) =>
    invalidParameter(param, `Missing required param: ${param}.`, "parameter_missing"),
  empty: (param: string) =>
    invalidParameter(
      param,
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      "parameter_invalid_empty",
    ),
  invalid: (param: string, message: string, code?: string) =>
    invalidParameter(param, message, code),
  exclusive: (params: string[]) =>
    invalidParameter(
      params[0] ?? "",
      `You may only specify one of these parameters: ${params.join(", ")}.`,
      "parameters_exclusive",
    ),
};

/** 404 `resource_missing`: "No such payment_intent: 'pi_x'". */
export function resourceMissing(kind: string, id: string, param?: string): StripeApiError {
  return new StripeApiError(param ? 400 : 404, {
    type: "invalid_request_error",
    code: "resource_missing",
    message: `No such ${kind}: '${id}'`,
    ...(param && { param }),
  });
}

/** A PaymentIntent asked to do what its status does not allow (cancel a succeeded one). */
export function unexpectedState(
  message: string,
  paymentIntent: Stripe.PaymentIntent,
): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    code: "payment_intent_unexpected_state",
    message,
    payment_intent: paymentIntent,
  });
}

export function invalidRequest(message: string, extra: Partial<StripeErrorFields> = {}) {
  return new StripeApiError(400, { type: "invalid_request_error", message, ...extra });
}
