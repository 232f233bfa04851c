import type { Transition } from "@microtickets/common";
import type { Stripe } from "./stripe-client.js";

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

/** An attempt's move, in the shape of every guarded change: `move` carries the attempt to save. */
export type PaymentTransition = Transition<Payment>;

function moveTo(
  payment: Payment,
  changes: Pick<Payment, "status"> & Partial<Payment>,
): PaymentTransition {
  return { kind: "move", to: { ...payment, ...changes } };
}

const kept = (payment: Payment): PaymentTransition => ({
  kind: "keep",
  reason: `payment is ${payment.status}`,
});

export interface Situation {
  /** The order was cancelled: a charge for it must be given back. */
  orderCancelled: boolean;
  /** Another attempt for the order is open or succeeded: this charge would be a second one. */
  anotherLiveAttempt: boolean;
}

/**
 * Moves an attempt forward by what Stripe says its PaymentIntent is. Stripe's answers arrive
 * more than once and out of order (the API response, a replay, each webhook), so a state the
 * attempt has already passed is kept: a charge is never undone by an older snapshot.
 */
export function changeFor(
  payment: Payment,
  intent: Pick<Stripe.PaymentIntent, "status" | "last_payment_error">,
  situation: Situation,
): PaymentTransition {
  switch (intent.status) {
    case "succeeded":
      if (isCharged(payment)) return kept(payment);
      // Charged: a charge for a cancelled order, or a second one for the order, goes back.
      return moveTo(payment, {
        status:
          situation.orderCancelled || situation.anotherLiveAttempt
            ? PaymentStatus.Refunding
            : PaymentStatus.Succeeded,
      });
    case "requires_action":
      return payment.status === PaymentStatus.Pending
        ? moveTo(payment, { status: PaymentStatus.RequiresAction })
        : kept(payment);
    case "requires_payment_method":
      if (!isOpen(payment)) return kept(payment);
      if (!intent.last_payment_error) return { kind: "keep", reason: "no attempt to charge yet" };
      return moveTo(payment, {
        status: PaymentStatus.Failed,
        failure: intent.last_payment_error.message ?? "The payment failed",
      });
    case "canceled":
      return isOpen(payment) ? moveTo(payment, { status: PaymentStatus.Canceled }) : kept(payment);
    default:
      // processing, requires_confirmation, requires_capture: not final; Stripe's next word
      // (its webhook) decides, so nothing is retried here.
      return { kind: "keep", reason: `intent is ${intent.status}, not final` };
  }
}

/** Stripe refused the attempt outright (e.g. an unknown card): nothing was charged. */
export function refusedByStripe(payment: Payment, reason: string): PaymentTransition {
  return isOpen(payment)
    ? moveTo(payment, { status: PaymentStatus.Failed, failure: reason })
    : kept(payment);
}

/** The attempt's order was cancelled: a charge that went through is to be given back. */
export function orderCancelled(payment: Payment): PaymentTransition {
  return payment.status === PaymentStatus.Succeeded
    ? moveTo(payment, { status: PaymentStatus.Refunding })
    : kept(payment);
}

/**
 * The attempt's order was cancelled before orders held it for the attempt: nothing was sent to
 * Stripe, and nothing will be.
 */
export function abandoned(payment: Payment): PaymentTransition {
  return payment.status === PaymentStatus.Pending && payment.stripeId === null
    ? moveTo(payment, { status: PaymentStatus.Canceled, failure: "The order was cancelled" })
    : kept(payment);
}

/** Stripe gave the charge back: the attempt ends refunded. */
export function refunded(payment: Payment, refundId: string): PaymentTransition {
  return payment.status === PaymentStatus.Refunding
    ? moveTo(payment, { status: PaymentStatus.Refunded, refundId })
    : kept(payment);
}
