import { apiEnv, busEnv, databaseEnv, env, serviceConfig } from "@microtickets/common";
import { z } from "zod";

export const paymentsConfig = serviceConfig(4005).extend({
  ...databaseEnv,
  ...apiEnv,
  ...busEnv,
  /** A secret (sk_…) or restricted (rk_…) key; `npm start` sets the emulator's when unset. */
  STRIPE_SECRET_KEY: z
    .string({ message: "must be a Stripe secret key (sk_…)" })
    .regex(/^(sk|rk)_\w+$/, "must be a Stripe secret key (sk_…)"),
  /** Signs Stripe's webhooks to this service (whsec_…). */
  STRIPE_WEBHOOK_SECRET: z
    .string({ message: "must be a Stripe webhook signing secret (whsec_…)" })
    .regex(/^whsec_\w+$/, "must be a Stripe webhook signing secret (whsec_…)"),
  /** Another Stripe-compatible server (the local emulator); unset for Stripe itself. */
  STRIPE_API_BASE: env.url(["http", "https"]).optional(),
  /** How often the sweep looks for refunds to make and attempts cut short. */
  PAYMENT_SWEEP_INTERVAL_MS: env.positiveInt(1_000),
  /** An attempt still pending after this long lost its request (a crash): the sweep resends it. */
  PAYMENT_STALE_AFTER_MS: env.positiveInt(60_000),
  /**
   * How long past an order's `expiresAt` a payment attempt accepted in time may hold it: the sweep
   * then cancels what still waits for the buyer (3-D Secure).
   */
  PAYMENT_HOLD_SECONDS: env.positiveInt(120),
  /** How long a payment request waits for orders to hold its order (milliseconds, normally). */
  PAYMENT_HOLD_WAIT_MS: env.positiveInt(8_000),
});

export type PaymentsConfig = z.infer<typeof paymentsConfig>;
