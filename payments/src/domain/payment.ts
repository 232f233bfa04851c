import type { Stripe } from "../stripe-client.js";

/**
 * Where a payment attempt is. `pending` and `requires_action` are open: Stripe may still charge.
 * The partial unique index in 001_payments.sql allows one open or succeeded attempt per order.
 */
export const PaymentStatus = {
  /** Saved before Stripe is asked; its answer has not been recorded yet. */
  Pending: "pending",
  /** Waits for the buyer's 3-D Secure; the webhook brings the outcome. */
  RequiresAction: "requires_action",
  Succeeded: "succeeded",
  /** Declined, or the authentication failed: nothing was charged. */
  Failed: "failed",
  Canceled: "canceled",
  /** Charged for an order that was cancelled meanwhile: the money goes back (the sweep). */
  Refunding: "refunding",
  Refunded: "refunded",
} as const;

export type PaymentStatus = (typeof PaymentStatus)[keyof typeof PaymentStatus];

export interface Payment {
  id: string;
  orderId: string;
  userId: string;
  amountCents: number;
  paymentMethod: string;
  status: PaymentStatus;
  stripeId: string | null;
  failure: string | null;
  refundId: string | null;
}

const open: readonly PaymentStatus[] = [PaymentStatus.Pending, PaymentStatus.RequiresAction];
const charged: readonly PaymentStatus[] = [
  PaymentStatus.Succeeded,
  PaymentStatus.Refunding,
  PaymentStatus.Refunded,
];

export const isOpen = (payment: Payment) => open.includes(payment.status);
export const isCharged = (payment: Payment) => charged.includes(payment.status);

/** What we learned from Stripe about an attempt's PaymentIntent, and what it makes of it. */
export type Change =
  | { kind: "none" }
  | { kind: "charged"; to: typeof PaymentStatus.Succeeded | typeof PaymentStatus.Refunding }
  | { kind: "action-required" }
  | { kind: "failed"; reason: string }
  | { kind: "canceled" };

export interface Situation {
  /** The order was cancelled: a charge for it must be given back. */
  orderCancelled: boolean;
  /** Another attempt for the order is open or succeeded: this charge would be a second one. */
  anotherLiveAttempt: boolean;
}

/**
 * Moves an attempt forward by what Stripe says its PaymentIntent is. Stripe's answers arrive
 * more than once and out of order (the API response, a replay, each webhook), so a state the
 * attempt has already passed changes nothing: a charge is never undone by an older snapshot.
 */
export function changeFor(
  payment: Payment,
  intent: Pick<Stripe.PaymentIntent, "status" | "last_payment_error">,
  situation: Situation,
): Change {
  switch (intent.status) {
    case "succeeded":
      if (isCharged(payment)) return { kind: "none" };
      return {
        kind: "charged",
        to:
          situation.orderCancelled || situation.anotherLiveAttempt
            ? PaymentStatus.Refunding
            : PaymentStatus.Succeeded,
      };
    case "requires_action":
      return payment.status === PaymentStatus.Pending
        ? { kind: "action-required" }
        : { kind: "none" };
    case "requires_payment_method":
      if (!isOpen(payment) || !intent.last_payment_error) return { kind: "none" };
      return { kind: "failed", reason: intent.last_payment_error.message ?? "The payment failed" };
    case "canceled":
      return isOpen(payment) ? { kind: "canceled" } : { kind: "none" };
    default:
      // processing, requires_confirmation, requires_capture: not final, wait for the next word.
      return { kind: "none" };
  }
}
