import {
  ConflictError,
  DependencyUnavailableError,
  isPgError,
  type Logger,
  NotFoundError,
  PaymentRequiredError,
  PgErrorCode,
  ValidationError,
  withTransaction,
} from "@microtickets/common";
import type { PaymentsDeps } from "../deps.js";
import { lockOrderReplica } from "./order-replica.js";
import { isOpen, type Payment, PaymentStatus } from "./payment.js";
import { recordRefusal, settleAttempt } from "./payment-changes.js";
import { findPayment, insertPayment, liveAttempt } from "./payments.js";
import { refundPayment } from "./refunds.js";
import { chargeAttempt } from "./stripe-calls.js";

export interface PaymentRequest {
  /** The attempt's id: from the Idempotency-Key when there is one, so a retry is the same attempt. */
  paymentId: string;
  orderId: string;
  userId: string;
  paymentMethod: string;
}

export interface PaymentResult {
  payment: Payment;
  /** For the browser to finish 3-D Secure (Stripe.js `handleNextAction`). */
  clientSecret: string | null;
}

/**
 * A buyer pays for an order: the attempt is saved first (the database decides whether this
 * order may be charged now), then Stripe is asked, then its answer is recorded with its event.
 */
export async function pay(
  deps: PaymentsDeps,
  request: PaymentRequest,
  logger: Logger,
): Promise<PaymentResult> {
  const attempt = await startAttempt(deps, request);
  if (!isOpen(attempt)) return { payment: attempt, clientSecret: null };

  let answer: Awaited<ReturnType<typeof chargeAttempt>>;
  try {
    answer = await chargeAttempt(deps.stripe, attempt);
  } catch (error) {
    // Stripe may or may not have charged: the attempt stays pending, and its webhook, a retry
    // with the same Idempotency-Key or the sweep will learn the outcome.
    logger.warn({ err: error, paymentId: attempt.id }, "Stripe did not answer the charge");
    throw new DependencyUnavailableError("The payment provider did not answer; try again");
  }
  if (answer.kind === "refused") {
    await recordRefusal(deps.db, attempt.id, answer.message);
    if (answer.param === "payment_method") {
      throw ValidationError.field("paymentMethodId", answer.message);
    }
    // Stripe charges at most $999,999.99 at once; the contract lists tickets up to $1,000,000.
    if (answer.param === "amount") throw new PaymentRequiredError(answer.message);
    throw new Error(`Stripe refused the charge: ${answer.message}`);
  }

  const payment = await settleAttempt(deps.db, attempt.id, answer.intent);
  if (payment.status === PaymentStatus.Refunding) {
    // Charged while the order was being cancelled: give it back now rather than at the sweep.
    await refundPayment(deps, payment).catch((error: unknown) =>
      logger.warn({ err: error, paymentId: payment.id }, "refund failed, the sweep retries it"),
    );
  }
  return { payment, clientSecret: answer.intent.client_secret };
}

/**
 * Saves a new attempt if the order may be charged now, or returns the same attempt sent again.
 * Under the order's lock, so two requests for one order are decided one after the other.
 */
function startAttempt(deps: PaymentsDeps, request: PaymentRequest): Promise<Payment> {
  return withTransaction(deps.db, async (tx) => {
    const order = await lockOrderReplica(tx, request.orderId);
    if (!order || order.userId !== request.userId) throw new NotFoundError("Order not found");
    const again = await findPayment(tx, request.paymentId);
    if (again) return again;

    if (order.status === "cancelled") throw new ConflictError("Order is cancelled");
    if (order.status === "complete") throw new ConflictError("Order is already paid");
    if (order.amountCents === null || order.expiresAt === null) {
      throw new NotFoundError("Order not found");
    }
    if (deps.clock() >= order.expiresAt) throw new ConflictError("Order has expired");
    const live = await liveAttempt(tx, order.id);
    if (live?.status === PaymentStatus.Succeeded) throw new ConflictError("Order is already paid");
    if (live) throw new ConflictError("A payment for this order is already in progress");

    const payment: Payment = {
      id: request.paymentId,
      orderId: order.id,
      userId: request.userId,
      amountCents: order.amountCents,
      paymentMethod: request.paymentMethod,
      status: PaymentStatus.Pending,
      stripeId: null,
      failure: null,
      refundId: null,
    };
    try {
      await insertPayment(tx, payment);
    } catch (error) {
      // The unique index is the last word, should the lock ever be bypassed.
      if (isPgError(error, PgErrorCode.UniqueViolation)) {
        throw new ConflictError("A payment for this order is already in progress");
      }
      throw error;
    }
    return payment;
  });
}
