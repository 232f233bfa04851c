import { busEnv, env, loadConfig } from "@microtickets/common";
import { z } from "zod";

const schema = z.object({
  PORT: env.port(4005),
  NODE_ENV: env.nodeEnv(),
  DATABASE_URL: env.url(["postgres", "postgresql"]),
  JWT_PUBLIC_KEY: env.pem("PUBLIC"),
  TRUST_PROXY_HOPS: z.coerce.number().int().nonnegative().default(1),
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
  ...busEnv,
});

export type PaymentsConfig = z.infer<typeof schema>;

export const loadPaymentsConfig = (source: NodeJS.ProcessEnv = process.env): PaymentsConfig =>
  loadConfig(schema, source);
