import {
  addToOutbox,
  ConflictError,
  DependencyUnavailableError,
  isPgError,
  type Logger,
  NotFoundError,
  PaymentRequiredError,
  PaymentStarted,
  PgErrorCode,
  ValidationError,
  withTransaction,
} from "@microtickets/common";
import type { PaymentsDeps } from "../deps.js";
import { awaitHold } from "./holds.js";
import { lockOrderReplica } from "./order-replica.js";
import { isOpen, type Payment, PaymentStatus } from "./payment.js";
import { abandonAttempt, recordRefusal, settleAttempt } from "./payment-changes.js";
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
 * order may be charged now), orders holds the order for it, then Stripe is asked, then its
 * answer is recorded with its event. A charge reported here is final: the order was held.
 */
export async function pay(
  deps: PaymentsDeps,
  request: PaymentRequest,
  logger: Logger,
): Promise<PaymentResult> {
  const started = await startAttempt(deps, request);
  if (!isOpen(started)) return { payment: started, clientSecret: null };
  const attempt = await heldAttempt(deps, started);
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
 * The attempt once orders holds its order for it, or abandoned (nothing charged) if the order
 * was cancelled first. Until orders has answered nothing is charged: an attempt whose answer is
 * late stays pending, and a retry with the same Idempotency-Key (or the sweep) takes it on.
 */
async function heldAttempt(deps: PaymentsDeps, attempt: Payment): Promise<Payment> {
  if (attempt.status !== PaymentStatus.Pending) return attempt;
  switch (await awaitHold(deps.db, attempt.id, deps.holdWaitMs)) {
    case "held":
      return attempt;
    case "cancelled":
      return abandonAttempt(deps.db, attempt.id);
    case "asked":
      // Nothing is charged yet; the attempt stays, and is charged once orders holds the order.
      throw new DependencyUnavailableError(
        "The payment is waiting for the order to be held; nothing is charged until it is. Send it again with the same Idempotency-Key for its outcome",
      );
  }
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
    // Past its lock by our clock, or by orders' (order.lock-expired closed it to new attempts).
    if (deps.clock() >= order.expiresAt || order.closedAt) {
      throw new ConflictError("Order has expired");
    }
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
      // Orders holds the order for it, or says it was cancelled (see `heldAttempt`).
      await addToOutbox(tx, PaymentStarted.build({ id: payment.id, orderId: payment.orderId }));
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
