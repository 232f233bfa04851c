import type Stripe from "stripe";
import { formatAmount } from "../currencies.js";
import { newId, unixSeconds } from "../ids.js";
import { invalidRequest, StripeApiError } from "../stripe-errors.js";
import type { StripeAccount } from "./account.js";
import type { RequestContext } from "./events.js";

export interface NewRefund {
  /** One of the two names what to refund; both must then agree. */
  paymentIntent?: string;
  charge?: string;
  /** Defaults to what is left to refund. */
  amount?: number;
  reason?: Stripe.RefundCreateParams.Reason;
  metadata: Record<string, string>;
}

/** Refunds (part of) a succeeded charge at once: test-mode card refunds succeed immediately. */
export function createRefund(
  account: StripeAccount,
  input: NewRefund,
  context: RequestContext,
): Stripe.Refund {
  const charge = chargeToRefund(account, input);
  const left = charge.amount - charge.amount_refunded;
  if (left === 0) {
    throw new StripeApiError(400, {
      type: "invalid_request_error",
      code: "charge_already_refunded",
      message: `Charge ${charge.id} has already been refunded.`,
      charge: charge.id,
    });
  }
  const amount = input.amount ?? left;
  if (amount > left) {
    // Stripe sends no code with this one, only the message and the param.
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(left, charge.currency)})`,
      { param: "amount" },
    );
  }

  const refund: Stripe.Refund = {
    id: newId("re"),
    object: "refund",
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: unixSeconds(),
    currency: charge.currency,
    customer: null,
    customer_account: null,
    metadata: input.metadata,
    payment_intent: String(charge.payment_intent),
    payment_method: charge.payment_method,
    reason: input.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
  account.refunds.set(refund.id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  account.ledger.recordRefund({
    id: refund.id,
    paymentIntent: String(charge.payment_intent),
    charge: charge.id,
    amount,
    created: refund.created,
  });
  account.events.publish("refund.created", refund, context);
  account.events.publish("charge.refunded", charge, context);
  return refund;
}

function chargeToRefund(account: StripeAccount, input: NewRefund): Stripe.Charge {
  if (input.charge !== undefined) {
    const charge = account.charge(input.charge, "charge");
    if (input.paymentIntent !== undefined && charge.payment_intent !== input.paymentIntent) {
      throw invalidRequest(
        `The charge ${charge.id} does not belong to the PaymentIntent ${input.paymentIntent}.`,
        { param: "payment_intent" },
      );
    }
    if (charge.status !== "succeeded") {
      throw invalidRequest(`Charge ${charge.id} has not succeeded; there is nothing to refund.`, {
        code: "charge_not_refundable",
        param: "charge",
      });
    }
    return charge;
  }
  const id = input.paymentIntent ?? "";
  const paymentIntent = account.paymentIntent(id, "payment_intent");
  const latestCharge = paymentIntent.latest_charge;
  if (paymentIntent.status !== "succeeded" || typeof latestCharge !== "string") {
    throw invalidRequest(
      `This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund.`,
      { code: "payment_intent_unexpected_state", param: "payment_intent" },
    );
  }
  return account.charge(latestCharge);
}
