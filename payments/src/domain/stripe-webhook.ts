import { type Logger, type Pool, withTransaction } from "@microtickets/common";
import { lockAttempt, recordIntent } from "./payment-changes.js";
import { findPaymentOfIntent } from "./payments.js";
import type { Stripe } from "./stripe-client.js";

/**
 * Applies a verified Stripe event once (by its id; Stripe delivers at least once). Only the
 * PaymentIntent events matter: their snapshot of the intent is recorded exactly as the
 * synchronous answer is, so whichever of the two arrives first, both agree.
 */
export async function applyStripeEvent(pool: Pool, event: Stripe.Event, logger: Logger) {
  const log = logger.child({ stripeEventId: event.id, type: event.type });
  if (!event.type.startsWith("payment_intent.")) {
    log.debug("Stripe event ignored");
    return;
  }
  const intent = event.data.object as Stripe.PaymentIntent;
  await withTransaction(pool, async (tx) => {
    const { rowCount } = await tx.query(
      "INSERT INTO stripe_events (id, type) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
      [event.id, event.type],
    );
    if (rowCount === 0) return log.info("Stripe event already applied");
    const known = await findPaymentOfIntent(tx, intent.id, intent.metadata?.paymentId);
    // Another application on the same Stripe account, or a charge made by hand: not ours.
    if (!known) return log.warn({ stripeId: intent.id }, "Stripe event for an unknown payment");
    const { order, payment } = await lockAttempt(tx, known.id);
    const saved = await recordIntent(tx, order, payment, intent);
    log.info({ paymentId: saved.id, status: saved.status }, "Stripe event applied");
  });
}
