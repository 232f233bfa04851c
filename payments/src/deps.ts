import type { Pool } from "@microtickets/common";
import type { Stripe } from "./domain/stripe-client.js";

/** What the routes and the sweep need, built once in service.ts's setup. */
export interface PaymentsDeps {
  db: Pool;
  stripe: Stripe;
  /** Verifies that a webhook comes from Stripe. */
  webhookSecret: string;
  /** The current time, injected so tests control when an order's lock has run out. */
  clock: () => Date;
  /** How long a payment request waits for orders to hold its order before answering 503. */
  holdWaitMs: number;
  /** How long past an order's `expiresAt` an attempt may hold it (`PAYMENT_HOLD_SECONDS`). */
  holdSeconds: number;
}
