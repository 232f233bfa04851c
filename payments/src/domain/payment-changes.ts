import {
  addToOutbox,
  type Event,
  PaymentActionRequired,
  PaymentCreated,
  PaymentFailed,
  PaymentRefunded,
  PaymentWindowClosed,
  type Pool,
  type PoolClient,
  withTransaction,
} from "@microtickets/common";
import { lockOrderReplica, type OrderReplica } from "./order-replica.js";
import {
  abandoned,
  changeFor,
  type Payment,
  PaymentStatus,
  refunded,
  refusedByStripe,
} from "./payment.js";
import { findPayment, liveAttempt, savePayment } from "./payments.js";
import type { Stripe } from "./stripe-client.js";

/*
 * Every change to an attempt happens under its order's row lock, so the synchronous answer,
 * webhooks, the sweep and order.cancelled never decide about one order at the same time, and is
 * saved with the event that announces it (the outbox), in one transaction.
 */

/** Locks the attempt's order, then reads the attempt as it is under that lock. */
export async function lockAttempt(
  tx: PoolClient,
  paymentId: string,
): Promise<{ order: OrderReplica; payment: Payment }> {
  const known = await findPayment(tx, paymentId);
  const order = known && (await lockOrderReplica(tx, known.orderId));
  const payment = order && (await findPayment(tx, paymentId));
  // An attempt is only ever saved for an order the replica has, and neither is ever deleted.
  if (!order || !payment) throw new Error(`payment ${paymentId} or its order is missing`);
  return { order, payment };
}

/** Records a PaymentIntent from Stripe for the attempt in a transaction of its own. */
export function settleAttempt(pool: Pool, paymentId: string, intent: Stripe.PaymentIntent) {
  return withTransaction(pool, async (tx) => {
    const { order, payment } = await lockAttempt(tx, paymentId);
    return recordIntent(tx, order, payment, intent);
  });
}

/** Records what Stripe says of the attempt's PaymentIntent; returns the attempt as saved. */
export async function recordIntent(
  tx: PoolClient,
  order: OrderReplica,
  payment: Payment,
  intent: Stripe.PaymentIntent,
): Promise<Payment> {
  const live = await liveAttempt(tx, order.id);
  const transition = changeFor(payment, intent, {
    orderCancelled: order.status === "cancelled",
    anotherLiveAttempt: live !== undefined && live.id !== payment.id,
  });
  const stripeId = intent.id;
  if (transition.kind !== "move") {
    // A repeat, an older word or one not final yet: only the intent's id may be news.
    if (payment.stripeId) return payment;
    const known = { ...payment, stripeId };
    await savePayment(tx, known);
    return known;
  }
  const saved = { ...transition.to, stripeId };
  await addToOutbox(tx, announcementOf(saved, stripeId));
  await answerExpiryAfterFailure(tx, order, saved);
  await savePayment(tx, saved);
  return saved;
}

/**
 * An attempt open when orders asked about the order's expiry (order.lock-expired) answers it by
 * its end: failed, with no other attempt possible any more, it lets orders cancel the order.
 */
async function answerExpiryAfterFailure(tx: PoolClient, order: OrderReplica, payment: Payment) {
  const failed =
    payment.status === PaymentStatus.Failed || payment.status === PaymentStatus.Canceled;
  if (failed && order.closedAt) {
    await addToOutbox(tx, PaymentWindowClosed.build({ orderId: order.id }));
  }
}

/** The event that announces an attempt's move to `payment.status`. */
function announcementOf(payment: Payment, stripeId: string): Event {
  const about = { id: payment.id, orderId: payment.orderId, stripeId };
  switch (payment.status) {
    case PaymentStatus.Succeeded:
    case PaymentStatus.Refunding:
      // Charged, even if it goes back: payment.refunded follows the refund.
      return PaymentCreated.build({ ...about, amountCents: payment.amountCents });
    case PaymentStatus.RequiresAction:
      return PaymentActionRequired.build(about);
    case PaymentStatus.Failed:
      return PaymentFailed.build({ ...about, reason: payment.failure ?? "The payment failed" });
    case PaymentStatus.Canceled:
      return PaymentFailed.build({ ...about, reason: "The payment was canceled" });
    default:
      throw new Error(`a payment never moves to ${payment.status} by its intent`);
  }
}

/**
 * Stripe refused the attempt outright (e.g. an unknown card): nothing was charged, and the
 * attempt's end is announced like a decline's, since orders holds the order until it hears it.
 */
export function recordRefusal(pool: Pool, paymentId: string, reason: string) {
  return withTransaction(pool, async (tx) => {
    const { order, payment } = await lockAttempt(tx, paymentId);
    const transition = refusedByStripe(payment, reason);
    if (transition.kind !== "move") return payment;
    const failed = transition.to;
    await addToOutbox(
      tx,
      PaymentFailed.build({
        id: failed.id,
        orderId: failed.orderId,
        stripeId: failed.stripeId,
        reason,
      }),
    );
    await answerExpiryAfterFailure(tx, order, failed);
    await savePayment(tx, failed);
    return failed;
  });
}

/**
 * The attempt's order was cancelled before it was held: the attempt ends without a charge. No
 * event: orders never held the order for it, so nothing there waits for its end.
 */
export function abandonAttempt(pool: Pool, paymentId: string) {
  return withTransaction(pool, async (tx) => {
    const { payment } = await lockAttempt(tx, paymentId);
    const transition = abandoned(payment);
    if (transition.kind !== "move") return payment;
    await savePayment(tx, transition.to);
    return transition.to;
  });
}

/** A charge was given back: the attempt ends refunded, and payment.refunded says so. */
export async function recordRefund(tx: PoolClient, payment: Payment, refundId: string) {
  const { stripeId } = payment;
  const transition = refunded(payment, refundId);
  // A refunding attempt was charged, so it has its intent's id.
  if (transition.kind !== "move" || !stripeId) return;
  await savePayment(tx, transition.to);
  await addToOutbox(
    tx,
    PaymentRefunded.build({
      id: payment.id,
      orderId: payment.orderId,
      stripeId,
      refundId,
      amountCents: payment.amountCents,
    }),
  );
}
