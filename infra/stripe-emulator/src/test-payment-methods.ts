/** What the card's bank does when a PaymentIntent is confirmed with it. */
export type CardBehaviour =
  | { kind: "succeeds" }
  | { kind: "declines"; declineCode: string; message: string }
  /** 3-D Secure: the buyer must authenticate before the charge (`requires_action`). */
  | { kind: "requires_authentication" };

export interface TestCard {
  brand: "visa" | "mastercard";
  last4: string;
  behaviour: CardBehaviour;
}

const succeeds: CardBehaviour = { kind: "succeeds" };
const authenticates: CardBehaviour = { kind: "requires_authentication" };

/**
 * Stripe's test PaymentMethods (docs.stripe.com/testing), by the token a test-mode request passes
 * as `payment_method`; each use makes a new `pm_…` with the card's behaviour, as Stripe does.
 */
export const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: { brand: "visa", last4: "4242", behaviour: succeeds },
  pm_card_mastercard: { brand: "mastercard", last4: "4444", behaviour: succeeds },
  pm_card_chargeDeclined: {
    brand: "visa",
    last4: "0002",
    behaviour: {
      kind: "declines",
      declineCode: "generic_decline",
      message: "Your card was declined.",
    },
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: "visa",
    last4: "9995",
    behaviour: {
      kind: "declines",
      declineCode: "insufficient_funds",
      message: "Your card has insufficient funds.",
    },
  },
  pm_card_authenticationRequired: { brand: "visa", last4: "3184", behaviour: authenticates },
  pm_card_threeDSecure2Required: { brand: "visa", last4: "3220", behaviour: authenticates },
};

export function testCard(token: string): TestCard | undefined {
  return Object.hasOwn(TEST_CARDS, token) ? TEST_CARDS[token] : undefined;
}
