import { every, type Logger, type Stop } from "@microtickets/common";
import type { PaymentsDeps } from "../deps.js";
import { type Payment, PaymentStatus } from "./payment.js";
import { recordRefusal, settleAttempt } from "./payment-changes.js";
import { unsettledPayments } from "./payments.js";
import { refundPayment } from "./refunds.js";
import { cancelIntent, chargeAttempt } from "./stripe-calls.js";

/**
 * Finishes what a request, a webhook or a crash left undone:
 * - refunds the charges of cancelled orders (`refunding`);
 * - cancels the 3-D Secure intents of cancelled orders, so an expired lock cannot be paid;
 * - resends attempts still `pending` after `staleAfterMs` (their process died mid-request):
 *   Stripe replays the first answer to the same idempotency key, or does the charge only now.
 */
export async function settleUnsettledPayments(
  deps: Pick<PaymentsDeps, "db" | "stripe">,
  staleAfterMs: number,
  logger: Logger,
): Promise<number> {
  const due = await unsettledPayments(deps.db, staleAfterMs);
  for (const payment of due) {
    try {
      await settle(deps, payment);
    } catch (error) {
      logger.warn({ err: error, paymentId: payment.id }, "could not settle payment, will retry");
    }
  }
  return due.length;
}

async function settle(deps: Pick<PaymentsDeps, "db" | "stripe">, payment: Payment) {
  switch (payment.status) {
    case PaymentStatus.Refunding:
      return refundPayment(deps, payment);
    case PaymentStatus.RequiresAction: {
      if (!payment.stripeId) return;
      const intent = await cancelIntent(deps.stripe, { ...payment, stripeId: payment.stripeId });
      const settled = await settleAttempt(deps.db, payment.id, intent);
      return refundPayment(deps, settled);
    }
    case PaymentStatus.Pending: {
      const answer = await chargeAttempt(deps.stripe, payment);
      if (answer.kind === "refused") {
        await recordRefusal(deps.db, payment.id, answer.message);
        return;
      }
      const settled = await settleAttempt(deps.db, payment.id, answer.intent);
      return refundPayment(deps, settled);
    }
  }
}

export interface PaymentSweepOptions {
  deps: Pick<PaymentsDeps, "db" | "stripe">;
  intervalMs: number;
  staleAfterMs: number;
  logger: Logger;
}

export function startPaymentSweep({
  deps,
  intervalMs,
  staleAfterMs,
  logger,
}: PaymentSweepOptions): Stop {
  const log = logger.child({ component: "payment-sweep" });
  return every(
    intervalMs,
    async () => {
      const settled = await settleUnsettledPayments(deps, staleAfterMs, log);
      if (settled > 0) log.info({ settled }, "settled payments left unsettled");
    },
    (error) => log.warn({ err: error }, "payment sweep failed, will try again"),
  );
}
