import { BadRequestError, BODY_LIMIT } from "@microtickets/common";
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
      await applyStripeEvent(db, event, req.log);
      res.json({ received: true });
    },
  );
}
