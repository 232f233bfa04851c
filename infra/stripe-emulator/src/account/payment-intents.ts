import type Stripe from "stripe";
import { newClientSecret, newId, unixSeconds } from "../ids.js";
import { resourceMissing, StripeApiError, unexpectedState } from "../stripe-errors.js";
import type { StripeAccount } from "./account.js";
import { chargeObject, type Decline } from "./charges.js";
import { BY_THE_BUYER, type RequestContext } from "./events.js";
import type { StoredPaymentMethod } from "./payment-methods.js";

export interface NewPaymentIntent {
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  paymentMethod?: string;
  confirm: boolean;
  offSession: boolean;
  description?: string;
  automaticPaymentMethods?: Stripe.PaymentIntent.AutomaticPaymentMethods;
  paymentMethodTypes?: string[];
  receiptEmail?: string;
  statementDescriptorSuffix?: string;
}

export interface Confirmation {
  paymentMethod?: string;
  offSession: boolean;
}

const CONFIRMABLE = ["requires_payment_method", "requires_confirmation", "requires_action"];
const CANCELABLE = [
  "requires_payment_method",
  "requires_capture",
  "requires_confirmation",
  "requires_action",
  "processing",
];

const AUTHENTICATION_REQUIRED: Decline = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

/** Without `confirm`, it waits for a payment method or a confirmation; with it, the card decides. */
export function createPaymentIntent(
  account: StripeAccount,
  input: NewPaymentIntent,
  context: RequestContext,
): Stripe.PaymentIntent {
  // An unknown payment method refuses the whole request: no PaymentIntent is made.
  const paymentMethod =
    input.paymentMethod === undefined
      ? undefined
      : resolvePaymentMethod(account, input.paymentMethod);
  const paymentIntent = paymentIntentObject(input);
  if (paymentMethod) {
    paymentIntent.payment_method = paymentMethod.object.id;
    paymentIntent.status = "requires_confirmation";
  }
  account.paymentIntents.set(paymentIntent.id, paymentIntent);
  account.events.publish("payment_intent.created", paymentIntent, context);
  if (input.confirm && paymentMethod) {
    confirmWith(account, paymentIntent, paymentMethod, input.offSession, context);
  }
  return paymentIntent;
}

export function confirmPaymentIntent(
  account: StripeAccount,
  id: string,
  confirmation: Confirmation,
  context: RequestContext,
): Stripe.PaymentIntent {
  const paymentIntent = account.paymentIntent(id);
  if (!CONFIRMABLE.includes(paymentIntent.status)) {
    throw unexpectedState(
      paymentIntent.status === "succeeded"
        ? "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed."
        : `You cannot confirm this PaymentIntent because it has a status of ${paymentIntent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(", ")}.`,
      paymentIntent,
    );
  }
  const paymentMethod =
    confirmation.paymentMethod !== undefined
      ? resolvePaymentMethod(account, confirmation.paymentMethod)
      : paymentIntent.payment_method
        ? account.paymentMethods.find(String(paymentIntent.payment_method))
        : undefined;
  if (!paymentMethod) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      paymentIntent,
    );
  }
  confirmWith(account, paymentIntent, paymentMethod, confirmation.offSession, context);
  return paymentIntent;
}

/** The buyer finishing 3-D Secure (Stripe.js in their browser): the charge, or a failure. */
export function authenticatePaymentIntent(
  account: StripeAccount,
  id: string,
  outcome: "succeed" | "fail",
): Stripe.PaymentIntent {
  const paymentIntent = account.paymentIntent(id);
  const paymentMethod = account.paymentMethods.find(String(paymentIntent.payment_method));
  if (paymentIntent.status !== "requires_action" || !paymentMethod) {
    throw unexpectedState(
      `This PaymentIntent is not awaiting authentication; its status is ${paymentIntent.status}.`,
      paymentIntent,
    );
  }
  paymentIntent.next_action = null;
  if (outcome === "succeed") {
    charge(account, paymentIntent, paymentMethod, BY_THE_BUYER);
  } else {
    paymentIntent.status = "requires_payment_method";
    paymentIntent.payment_method = null;
    paymentIntent.last_payment_error = {
      type: "invalid_request_error",
      code: "payment_intent_authentication_failure",
      doc_url: "https://stripe.com/docs/error-codes/payment-intent-authentication-failure",
      message:
        "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
      payment_method: paymentMethod.object,
    };
    account.events.publish("payment_intent.payment_failed", paymentIntent, BY_THE_BUYER);
  }
  return paymentIntent;
}

export function cancelPaymentIntent(
  account: StripeAccount,
  id: string,
  reason: Stripe.PaymentIntent.CancellationReason | undefined,
  context: RequestContext,
): Stripe.PaymentIntent {
  const paymentIntent = account.paymentIntent(id);
  if (!CANCELABLE.includes(paymentIntent.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${paymentIntent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(", ")}.`,
      paymentIntent,
    );
  }
  paymentIntent.status = "canceled";
  paymentIntent.canceled_at = unixSeconds();
  paymentIntent.cancellation_reason = reason ?? null;
  paymentIntent.next_action = null;
  account.events.publish("payment_intent.canceled", paymentIntent, context);
  return paymentIntent;
}

function resolvePaymentMethod(account: StripeAccount, reference: string): StoredPaymentMethod {
  const paymentMethod = account.paymentMethods.resolve(reference);
  if (!paymentMethod) throw resourceMissing("PaymentMethod", reference, "payment_method");
  return paymentMethod;
}

function confirmWith(
  account: StripeAccount,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: StoredPaymentMethod,
  offSession: boolean,
  context: RequestContext,
): void {
  paymentIntent.payment_method = paymentMethod.object.id;
  paymentIntent.last_payment_error = null;
  const behaviour = paymentMethod.card.behaviour;
  switch (behaviour.kind) {
    case "succeeds":
      charge(account, paymentIntent, paymentMethod, context);
      return;
    case "declines":
      throw decline(account, paymentIntent, paymentMethod, context, {
        code: "card_declined",
        declineCode: behaviour.declineCode,
        message: behaviour.message,
      });
    case "requires_authentication":
      // Nobody is there to authenticate an off-session payment: the bank's demand declines it.
      if (offSession) {
        throw decline(account, paymentIntent, paymentMethod, context, AUTHENTICATION_REQUIRED);
      }
      paymentIntent.status = "requires_action";
      paymentIntent.next_action = {
        type: "use_stripe_sdk",
        use_stripe_sdk: { type: "three_d_secure_redirect", source: newId("src") },
      };
      account.events.publish("payment_intent.requires_action", paymentIntent, context);
  }
}

/** Money moves: a succeeded charge, in the ledger, and the PaymentIntent succeeds. */
function charge(
  account: StripeAccount,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: StoredPaymentMethod,
  context: RequestContext,
): void {
  const charge = chargeObject(paymentIntent, paymentMethod);
  account.charges.set(charge.id, charge);
  account.ledger.recordCharge({
    id: charge.id,
    paymentIntent: paymentIntent.id,
    amount: charge.amount,
    currency: charge.currency,
    metadata: charge.metadata,
    created: charge.created,
  });
  paymentIntent.status = "succeeded";
  paymentIntent.amount_received = paymentIntent.amount;
  paymentIntent.latest_charge = charge.id;
  account.events.publish("charge.succeeded", charge, context);
  account.events.publish("payment_intent.succeeded", paymentIntent, context);
}

/**
 * The bank refused: a failed charge, the PaymentIntent back to `requires_payment_method` with
 * the reason; returns the 402 card error carrying it, as Stripe answers a declined confirmation.
 */
function decline(
  account: StripeAccount,
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: StoredPaymentMethod,
  context: RequestContext,
  reason: Decline,
): StripeApiError {
  const charge = chargeObject(paymentIntent, paymentMethod, reason);
  account.charges.set(charge.id, charge);
  const error = {
    type: "card_error" as const,
    code: reason.code,
    decline_code: reason.declineCode,
    message: reason.message,
    charge: charge.id,
    payment_method: paymentMethod.object,
  };
  paymentIntent.status = "requires_payment_method";
  paymentIntent.payment_method = null;
  paymentIntent.latest_charge = charge.id;
  paymentIntent.last_payment_error = {
    ...error,
    doc_url: `https://stripe.com/docs/error-codes/${reason.code.replaceAll("_", "-")}`,
  };
  account.events.publish("charge.failed", charge, context);
  account.events.publish("payment_intent.payment_failed", paymentIntent, context);
  return new StripeApiError(402, { ...error, payment_intent: paymentIntent });
}

function paymentIntentObject(input: NewPaymentIntent): Stripe.PaymentIntent {
  const id = newId("pi");
  // Stripe turns on automatic payment methods unless the types are listed.
  const automatic = input.paymentMethodTypes
    ? null
    : (input.automaticPaymentMethods ?? { enabled: true, allow_redirects: "always" });
  return {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: automatic,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: newClientSecret(id),
    confirmation_method: "automatic",
    created: unixSeconds(),
    currency: input.currency,
    customer: null,
    customer_account: null,
    description: input.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: {
        installments: null,
        mandate_options: null,
        network: null,
        request_three_d_secure: "automatic",
      },
    },
    payment_method_types: input.paymentMethodTypes ?? ["card"],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail ?? null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: input.statementDescriptorSuffix ?? null,
    status: "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
}
