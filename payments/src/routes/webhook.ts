import { BadRequestError, BODY_LIMIT, illFormedTextAt } from "@microtickets/common";
import express, { Router } from "express";
import type { PaymentsDeps } from "../deps.js";
import type { Stripe } from "../domain/stripe-client.js";
import { applyStripeEvent } from "../domain/stripe-webhook.js";

export const WEBHOOK_PATH = "/api/payments/webhook";

/**
 * Stripe's webhook. The signature covers the raw bytes, so this route reads the body itself
 * (it is mounted before JSON parsing); an unsigned, forged or stale event changes nothing.
 */
export function webhookRouter({ db, stripe, webhookSecret }: PaymentsDeps): Router {
  return Router().post(
    WEBHOOK_PATH,
    express.raw({ type: () => true, limit: BODY_LIMIT }),
    async (req, res) => {
      const signature = req.get("Stripe-Signature");
      if (!signature || !Buffer.isBuffer(req.body)) {
        throw new BadRequestError("Missing Stripe signature");
      }
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(req.body, signature, webhookSecret);
      } catch {
        throw new BadRequestError("Invalid Stripe signature");
      }
      // Signed, yet not an event anyone can read or keep (Stripe's always are): refused like a
      // forged one.
      if (!isReadableEvent(event) || illFormedTextAt(event) !== undefined) {
        throw new BadRequestError("Not a Stripe event");
      }
      await applyStripeEvent(db, event, req.log);
      res.json({ received: true });
    },
  );
}

/** An id, a type and the object it is about, with its id: what applying an event reads. */
function isReadableEvent(event: Stripe.Event): boolean {
  const { id, type, data } = event as { id: unknown; type: unknown; data: unknown };
  const object = (data as { object?: unknown } | null)?.object as { id?: unknown } | null;
  return (
    typeof id === "string" &&
    id.length > 0 &&
    typeof type === "string" &&
    typeof object === "object" &&
    typeof object?.id === "string"
  );
}
