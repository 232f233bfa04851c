import { every, type Logger, type Stop } from "@microtickets/common";
import type { PaymentsDeps } from "../deps.js";
import { holdState } from "./holds.js";
import { type Payment, PaymentStatus } from "./payment.js";
import { abandonAttempt, recordRefusal, settleAttempt } from "./payment-changes.js";
import { unsettledPayments } from "./payments.js";
import { refundPayment } from "./refunds.js";
import { cancelIntent, chargeAttempt } from "./stripe-calls.js";

type SweepDeps = Pick<PaymentsDeps, "db" | "stripe" | "clock" | "holdSeconds">;

/**
 * Finishes what a request, a webhook or a crash left undone:
 * - refunds the charges of cancelled orders (`refunding`);
 * - cancels the 3-D Secure intents of cancelled orders, and of orders held past
 *   `PAYMENT_HOLD_SECONDS` after their lock ran out, so a hold ends and an expired lock cannot be
 *   paid (Stripe decides whether the buyer made it first);
 * - resends attempts still `pending` after `staleAfterMs` (their process died mid-request) that
 *   orders held: Stripe replays the first answer to the same idempotency key, or does the charge
 *   only now; those whose order was cancelled before it was held end without a charge.
 */
export async function settleUnsettledPayments(
  deps: SweepDeps,
  staleAfterMs: number,
  logger: Logger,
): Promise<number> {
  const due = await unsettledPayments(deps.db, {
    staleAfterMs,
    holdSeconds: deps.holdSeconds,
    now: deps.clock(),
  });
  for (const payment of due) {
    try {
      await settle(deps, payment);
    } catch (error) {
      logger.warn({ err: error, paymentId: payment.id }, "could not settle payment, will retry");
    }
  }
  return due.length;
}

async function settle(deps: SweepDeps, payment: Payment) {
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
      if ((await holdState(deps.db, payment.id)) !== "held") {
        await abandonAttempt(deps.db, payment.id);
        return;
      }
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
  deps: SweepDeps;
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
