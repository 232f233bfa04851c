import Stripe from "stripe";

export type { Stripe };

/**
 * The Stripe SDK, pinned to the API version it was built for. `apiBase` points it at another
 * Stripe-compatible server (the local emulator); nothing else differs.
 */
export function createStripeClient(secretKey: string, apiBase?: string): Stripe {
  const base = apiBase ? new URL(apiBase) : undefined;
  return new Stripe(secretKey, {
    // The SDK resends a request cut short by the network with the same idempotency key.
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "microtickets-payments" },
    ...(base && {
      host: base.hostname,
      port: base.port || (base.protocol === "https:" ? 443 : 80),
      protocol: base.protocol === "https:" ? "https" : "http",
    }),
  });
}
