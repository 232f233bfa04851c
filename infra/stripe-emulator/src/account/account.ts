import type Stripe from "stripe";
import type { LedgerBook } from "../ledger.js";
import { resourceMissing } from "../stripe-errors.js";
import type { EventLog } from "./events.js";
import { PaymentMethods } from "./payment-methods.js";

/**
 * One Stripe test-mode account, in memory: its objects, the events they made and the ledger of
 * money moved. The rules that change it live beside it (payment-intents.ts, refunds.ts).
 */
export class StripeAccount {
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly paymentMethods = new PaymentMethods();

  constructor(
    readonly events: EventLog,
    readonly ledger: LedgerBook,
  ) {}

  /** `param` when the id came in a parameter (400), none when in the path (404), as Stripe. */
  paymentIntent(id: string, param?: string): Stripe.PaymentIntent {
    const paymentIntent = this.paymentIntents.get(id);
    if (!paymentIntent) throw resourceMissing("payment_intent", id, param);
    return paymentIntent;
  }

  charge(id: string, param?: string): Stripe.Charge {
    const charge = this.charges.get(id);
    if (!charge) throw resourceMissing("charge", id, param);
    return charge;
  }

  refund(id: string): Stripe.Refund {
    const refund = this.refunds.get(id);
    if (!refund) throw resourceMissing("refund", id);
    return refund;
  }
}
