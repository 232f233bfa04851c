import type Stripe from "stripe";
import { newId, unixSeconds } from "../ids.js";
import { type TestCard, testCard } from "../test-payment-methods.js";

export interface StoredPaymentMethod {
  object: Stripe.PaymentMethod;
  card: TestCard;
}

/** The account's PaymentMethods: each made from a test token, with that card's behaviour. */
export class PaymentMethods {
  readonly #byId = new Map<string, StoredPaymentMethod>();

  /**
   * `pm_card_visa` makes a new `pm_…` each time, as Stripe does in test mode; a `pm_…` made
   * earlier is found again. Undefined for anything else.
   */
  resolve(reference: string): StoredPaymentMethod | undefined {
    const card = testCard(reference);
    if (!card) return this.#byId.get(reference);
    const stored = { object: paymentMethodObject(card), card };
    this.#byId.set(stored.object.id, stored);
    return stored;
  }

  find(id: string): StoredPaymentMethod | undefined {
    return this.#byId.get(id);
  }
}

function paymentMethodObject(card: TestCard): Stripe.PaymentMethod {
  return {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: {
        city: null,
        country: null,
        line1: null,
        line2: null,
        postal_code: null,
        state: null,
      },
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: card.brand,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 5,
      fingerprint: `emulator${card.last4}`,
      funding: "credit",
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: unixSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  };
}
