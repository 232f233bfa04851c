import Stripe from "stripe";
import type { Payment } from "./payment.js";
import { measured, type StripeOutcome } from "./stripe-metrics.js";

/*
 * The three things payments asks of Stripe. Each carries an idempotency key made from the
 * attempt's id, so however often it is sent (the SDK's own retries, a client's retry, a
 * takeover after a crash, the sweep) Stripe does it once and answers the same.
 */

export type ChargeAnswer =
  | { kind: "intent"; intent: Stripe.PaymentIntent }
  /** Refused before any charge, e.g. a PaymentMethod that does not exist. */
  | { kind: "refused"; message: string; param: string | undefined };

/** Creates and confirms the attempt's PaymentIntent: amount in integer cents, metadata to find it. */
export function chargeAttempt(stripe: Stripe, payment: Payment): Promise<ChargeAnswer> {
  return measured("charge", () => sendCharge(stripe, payment), outcomeOfCharge);
}

async function sendCharge(stripe: Stripe, payment: Payment): Promise<ChargeAnswer> {
  try {
    const intent = await stripe.paymentIntents.create(
      {
        amount: payment.amountCents,
        currency: "usd",
        payment_method: payment.paymentMethod,
        confirm: true,
        // A card, confirmed here; 3-D Secure is completed in the browser, never by a redirect.
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
        metadata: { orderId: payment.orderId, userId: payment.userId, paymentId: payment.id },
      },
      { idempotencyKey: `payment-${payment.id}` },
    );
    return { kind: "intent", intent };
  } catch (error) {
    // A decline is an answer: the PaymentIntent comes with it, in requires_payment_method.
    if (error instanceof Stripe.errors.StripeCardError && error.payment_intent) {
      return { kind: "intent", intent: error.payment_intent };
    }
    if (error instanceof Stripe.errors.StripeInvalidRequestError) {
      return { kind: "refused", message: error.message, param: error.param };
    }
    throw error;
  }
}

const outcomeOfCharge = (answer: ChargeAnswer): StripeOutcome => {
  if (answer.kind === "refused") return "refused";
  return answer.intent.last_payment_error ? "declined" : "ok";
};

/** Gives a charge back, in full. */
export function refundCharge(stripe: Stripe, payment: Payment & { stripeId: string }) {
  return measured("refund", () =>
    stripe.refunds.create(
      {
        payment_intent: payment.stripeId,
        metadata: { orderId: payment.orderId, paymentId: payment.id },
      },
      { idempotencyKey: `refund-${payment.id}` },
    ),
  );
}

/**
 * Cancels an intent that waits for the buyer, so a lock that ran out cannot be paid after all.
 * If the buyer got there first (it succeeded), returns the intent as it is.
 */
export async function cancelIntent(
  stripe: Stripe,
  payment: Payment & { stripeId: string },
): Promise<Stripe.PaymentIntent> {
  try {
    return await measured("cancel", () =>
      stripe.paymentIntents.cancel(
        payment.stripeId,
        {},
        { idempotencyKey: `cancel-${payment.id}` },
      ),
    );
  } catch (error) {
    if (
      error instanceof Stripe.errors.StripeInvalidRequestError &&
      error.code === "payment_intent_unexpected_state"
    ) {
      return stripe.paymentIntents.retrieve(payment.stripeId);
    }
    throw error;
  }
}
