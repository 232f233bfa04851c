import { randomBytes } from "node:crypto";
import type { Lifecycle } from "./lifecycle.js";

export interface StripeSetup {
  /** What payments is given: the emulator's key, address and webhook secret; nothing for Stripe. */
  env: NodeJS.ProcessEnv;
  /** For the start-up summary. */
  detail: string;
}

/**
 * Real Stripe when STRIPE_SECRET_KEY is set (its variables pass through to payments as they
 * are); otherwise the local emulator, in this process, sending its webhooks through the gateway
 * to payments as `stripe listen --forward-to localhost:3000/api/payments/webhook` would.
 */
export async function resolveStripe(
  gatewayPort: number,
  lifecycle: Lifecycle,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StripeSetup> {
  if (env.STRIPE_SECRET_KEY) {
    const where = env.STRIPE_API_BASE ?? "api.stripe.com";
    return { env: {}, detail: `${where} (from STRIPE_SECRET_KEY)` };
  }
  const { startStripeEmulator } = await import("@microtickets/stripe-emulator");
  const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
  const emulator = await startStripeEmulator({
    webhook: {
      url: `http://127.0.0.1:${gatewayPort}/api/payments/webhook`,
      secret: webhookSecret,
    },
  });
  lifecycle.onStop(() => emulator.close());
  return {
    env: {
      STRIPE_SECRET_KEY: "sk_test_emulator",
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_BASE: emulator.url,
    },
    detail: `${emulator.url} (local emulator: STRIPE_SECRET_KEY is unset)`,
  };
}
