import type Stripe from "stripe";
import type { StripeAccount } from "../account/account.js";

export const PAYMENT_INTENT_EXPANDABLE = ["latest_charge", "payment_method"] as const;
export const REFUND_EXPANDABLE = ["charge", "payment_intent"] as const;

/** `expand[]=latest_charge`: the id replaced by a copy of its object. */
export function expandPaymentIntent(
  account: StripeAccount,
  paymentIntent: Stripe.PaymentIntent,
  paths: readonly string[],
): Stripe.PaymentIntent {
  const expanded = structuredClone(paymentIntent);
  const { latest_charge: chargeId, payment_method: paymentMethodId } = expanded;
  if (paths.includes("latest_charge") && typeof chargeId === "string") {
    expanded.latest_charge = structuredClone(account.charges.get(chargeId)) ?? chargeId;
  }
  if (paths.includes("payment_method") && typeof paymentMethodId === "string") {
    const paymentMethod = account.paymentMethods.find(paymentMethodId)?.object;
    expanded.payment_method = structuredClone(paymentMethod) ?? paymentMethodId;
  }
  return expanded;
}

export function expandRefund(
  account: StripeAccount,
  refund: Stripe.Refund,
  paths: readonly string[],
): Stripe.Refund {
  const expanded = structuredClone(refund);
  const { charge: chargeId, payment_intent: paymentIntentId } = expanded;
  if (paths.includes("charge") && typeof chargeId === "string") {
    expanded.charge = structuredClone(account.charges.get(chargeId)) ?? chargeId;
  }
  if (paths.includes("payment_intent") && typeof paymentIntentId === "string") {
    expanded.payment_intent =
      structuredClone(account.paymentIntents.get(paymentIntentId)) ?? paymentIntentId;
  }
  return expanded;
}
