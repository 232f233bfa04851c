import { describe, expect, it } from "vitest";
import { Lifecycle } from "./lifecycle.js";
import { resolveStripe } from "./stripe.js";

describe("Stripe under npm start", () => {
  it("passes real Stripe's variables through untouched when STRIPE_SECRET_KEY is set", async () => {
    const lifecycle = new Lifecycle();

    const stripe = await resolveStripe(3000, lifecycle, { STRIPE_SECRET_KEY: "sk_test_real" });

    expect(stripe).toEqual({ env: {}, detail: "api.stripe.com (from STRIPE_SECRET_KEY)" });
  });

  it("otherwise runs the emulator, sending webhooks through the gateway, until stopped", async () => {
    const lifecycle = new Lifecycle();

    const stripe = await resolveStripe(3000, lifecycle, {});

    expect(stripe.env).toEqual({
      STRIPE_SECRET_KEY: "sk_test_emulator",
      STRIPE_WEBHOOK_SECRET: expect.stringMatching(/^whsec_[0-9a-f]{48}$/),
      STRIPE_API_BASE: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const health = await fetch(`${stripe.env.STRIPE_API_BASE}/healthz`);
    expect(health.status).toBe(200);

    await lifecycle.stop();
    await expect(fetch(`${stripe.env.STRIPE_API_BASE}/healthz`)).rejects.toThrow();
  });
});
