import type Stripe from "stripe";
import { newId, unixSeconds } from "../ids.js";
import type { StoredPaymentMethod } from "./payment-methods.js";

/** Why the bank refused: Stripe's code, decline code and message. */
export interface Decline {
  code: string;
  declineCode: string;
  message: string;
}

/** The charge a confirmation makes: succeeded (money moved) or failed (declined). */
export function chargeObject(
  paymentIntent: Stripe.PaymentIntent,
  paymentMethod: StoredPaymentMethod,
  decline?: Decline,
): Stripe.Charge {
  const succeeded = decline === undefined;
  const { card } = paymentMethod;
  return {
    id: newId("ch"),
    object: "charge",
    amount: paymentIntent.amount,
    amount_captured: succeeded ? paymentIntent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: paymentMethod.object.billing_details,
    calculated_statement_descriptor: "MICROTICKETS",
    captured: succeeded,
    created: unixSeconds(),
    currency: paymentIntent.currency,
    customer: null,
    description: paymentIntent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...paymentIntent.metadata },
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: succeeded ? "approved_by_network" : "declined_by_network",
      reason: decline?.declineCode ?? null,
      risk_level: "normal",
      seller_message: succeeded
        ? "Payment complete."
        : "The bank did not return any further details with this decline.",
      type: succeeded ? "authorized" : "issuer_declined",
    },
    paid: succeeded,
    payment_intent: paymentIntent.id,
    payment_method: paymentMethod.object.id,
    payment_method_details: {
      type: "card",
      card: {
        amount_authorized: succeeded ? paymentIntent.amount : null,
        authorization_code: succeeded ? "123456" : null,
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: "US",
        electronic_commerce_indicator: null,
        exp_month: paymentMethod.object.card?.exp_month ?? 12,
        exp_year: paymentMethod.object.card?.exp_year ?? new Date().getUTCFullYear() + 5,
        funding: "credit",
        installments: null,
        last4: card.last4,
        mandate: null,
        network: card.brand,
        network_transaction_id: null,
        regulated_status: "unregulated",
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
    },
    receipt_email: paymentIntent.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: paymentIntent.statement_descriptor_suffix,
    status: succeeded ? "succeeded" : "failed",
    transfer_data: null,
    transfer_group: null,
  };
}
