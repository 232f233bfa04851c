import { withTransaction } from "@microtickets/common";
import type { PaymentsDeps } from "../deps.js";
import { type Payment, PaymentStatus } from "./payment.js";
import { lockAttempt, recordRefund } from "./payment-changes.js";
import { refundCharge } from "./stripe-calls.js";

/**
 * Gives back a charge whose order was cancelled (the attempt is `refunding`). Stripe is asked
 * outside any transaction; its refund id is recorded, with payment.refunded, afterwards. A crash
 * in between leaves the attempt `refunding`: the sweep asks again, with the same idempotency
 * key, and Stripe answers with the same refund.
 */
export async function refundPayment(
  deps: Pick<PaymentsDeps, "db" | "stripe">,
  payment: Payment,
): Promise<void> {
  if (payment.status !== PaymentStatus.Refunding || !payment.stripeId) return;
  const refund = await refundCharge(deps.stripe, { ...payment, stripeId: payment.stripeId });
  await withTransaction(deps.db, async (tx) => {
    const locked = await lockAttempt(tx, payment.id);
    await recordRefund(tx, locked.payment, refund.id);
  });
}
