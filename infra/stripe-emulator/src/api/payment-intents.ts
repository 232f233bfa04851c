import { Router } from "express";
import type Stripe from "stripe";
import type { StripeAccount } from "../account/account.js";
import {
  cancelPaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  type NewPaymentIntent,
} from "../account/payment-intents.js";
import { currencyOf, formatAmount, MAXIMUM_AMOUNT, supportedCurrencies } from "../currencies.js";
import {
  type FormParams,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalStringArray,
  readExpand,
  readMetadata,
  rejectUnknownParams,
  requiredString,
} from "../params.js";
import { parameterErrors } from "../stripe-errors.js";
import type { Endpoint } from "./endpoint.js";
import { expandPaymentIntent, PAYMENT_INTENT_EXPANDABLE } from "./expand.js";

// The parameters the emulator understands; Stripe knows more, and the emulator refuses those
// as unknown rather than pretend to honour them.
const CREATE_PARAMS = [
  "amount",
  "currency",
  "payment_method",
  "confirm",
  "off_session",
  "metadata",
  "description",
  "automatic_payment_methods",
  "payment_method_types",
  "return_url",
  "receipt_email",
  "statement_descriptor_suffix",
  "expand",
];
const CONFIRM_PARAMS = ["payment_method", "off_session", "return_url", "expand"];
const CANCEL_PARAMS = ["cancellation_reason", "expand"];
const RETRIEVE_PARAMS = ["client_secret", "expand"];
const CANCELLATION_REASONS = ["duplicate", "fraudulent", "requested_by_customer", "abandoned"];

export function paymentIntentRoutes(account: StripeAccount, endpoint: Endpoint): Router {
  const router = Router();

  router.post(
    "/v1/payment_intents",
    endpoint(({ params, context }) => {
      rejectUnknownParams(params, CREATE_PARAMS);
      const expand = readExpand(params, PAYMENT_INTENT_EXPANDABLE);
      const paymentIntent = createPaymentIntent(account, readNewPaymentIntent(params), context);
      return expandPaymentIntent(account, paymentIntent, expand);
    }),
  );

  router.get(
    "/v1/payment_intents/:id",
    endpoint(({ params, id }) => {
      rejectUnknownParams(params, RETRIEVE_PARAMS);
      const expand = readExpand(params, PAYMENT_INTENT_EXPANDABLE);
      return expandPaymentIntent(account, account.paymentIntent(id), expand);
    }),
  );

  router.post(
    "/v1/payment_intents/:id/confirm",
    endpoint(({ params, id, context }) => {
      rejectUnknownParams(params, CONFIRM_PARAMS);
      const expand = readExpand(params, PAYMENT_INTENT_EXPANDABLE);
      optionalString(params, "return_url"); // accepted, not modelled (see create)
      const confirmation = {
        paymentMethod: optionalString(params, "payment_method") || undefined,
        offSession: readOffSession(params),
      };
      const paymentIntent = confirmPaymentIntent(account, id, confirmation, context);
      return expandPaymentIntent(account, paymentIntent, expand);
    }),
  );

  router.post(
    "/v1/payment_intents/:id/cancel",
    endpoint(({ params, id, context }) => {
      rejectUnknownParams(params, CANCEL_PARAMS);
      const expand = readExpand(params, PAYMENT_INTENT_EXPANDABLE);
      const reason = optionalEnum(params, "cancellation_reason", CANCELLATION_REASONS);
      const paymentIntent = cancelPaymentIntent(account, id, reason, context);
      return expandPaymentIntent(account, paymentIntent, expand);
    }),
  );

  return router;
}

function readNewPaymentIntent(params: FormParams): NewPaymentIntent {
  const amount = optionalInteger(params, "amount");
  if (amount === undefined) throw parameterErrors.missing("amount");
  const currency = requiredString(params, "currency").toLowerCase();
  checkAmount(amount, currency);

  const paymentMethod = optionalString(params, "payment_method") || undefined;
  const confirm = optionalBoolean(params, "confirm") ?? false;
  if (confirm && !paymentMethod) throw parameterErrors.missing("payment_method");
  const automaticPaymentMethods = readAutomaticPaymentMethods(params);
  const paymentMethodTypes = optionalStringArray(params, "payment_method_types");
  if (automaticPaymentMethods && paymentMethodTypes) {
    throw parameterErrors.exclusive(["automatic_payment_methods", "payment_method_types"]);
  }
  if (paymentMethodTypes && !paymentMethodTypes.includes("card")) {
    const message = "The Stripe emulator models card payments only: include card.";
    throw parameterErrors.invalid("payment_method_types", message);
  }
  // Accepted and not modelled: there is no redirect, the buyer authenticates via /_emulator.
  optionalString(params, "return_url");

  return {
    amount,
    currency,
    metadata: readMetadata(params),
    paymentMethod,
    confirm,
    offSession: readOffSession(params),
    automaticPaymentMethods,
    paymentMethodTypes,
    // An empty string is Stripe's "unset": no value.
    description: optionalString(params, "description") || undefined,
    receiptEmail: optionalString(params, "receipt_email") || undefined,
    statementDescriptorSuffix: optionalString(params, "statement_descriptor_suffix") || undefined,
  };
}

/** Stripe's limits: at least 50 cents (or its equivalent), at most $999,999.99. */
function checkAmount(amount: number, currencyCode: string): void {
  const currency = currencyOf(currencyCode);
  if (!currency) {
    throw parameterErrors.invalid(
      "currency",
      `Invalid currency: ${currencyCode}. Stripe currently supports these currencies: ${supportedCurrencies.join(", ")}`,
    );
  }
  if (amount < 1) {
    throw parameterErrors.invalid(
      "amount",
      "Invalid positive integer",
      "parameter_invalid_integer",
    );
  }
  if (amount < currency.minimum) {
    throw parameterErrors.invalid(
      "amount",
      `Amount must be at least ${formatAmount(currency.minimum, currencyCode)} ${currencyCode}`,
      "amount_too_small",
    );
  }
  if (amount > MAXIMUM_AMOUNT) {
    throw parameterErrors.invalid(
      "amount",
      `Amount must be no more than ${formatAmount(MAXIMUM_AMOUNT, currencyCode)}`,
      "amount_too_large",
    );
  }
}

/** `off_session=true`, or the kind of off-session payment (`one_off`, `recurring`). */
function readOffSession(params: FormParams): boolean {
  const value = optionalString(params, "off_session");
  if (value === "one_off" || value === "recurring") return true;
  return optionalBoolean(params, "off_session") ?? false;
}

function readAutomaticPaymentMethods(
  params: FormParams,
): Stripe.PaymentIntent.AutomaticPaymentMethods | undefined {
  const settings = optionalObject(params, "automatic_payment_methods", [
    "enabled",
    "allow_redirects",
  ]);
  if (!settings) return undefined;
  const enabled = optionalBoolean(settings, "enabled");
  if (enabled === undefined) throw parameterErrors.missing("automatic_payment_methods[enabled]");
  const allowRedirects = optionalEnum(settings, "allow_redirects", ["always", "never"]);
  return { enabled, ...(allowRedirects && { allow_redirects: allowRedirects }) };
}
