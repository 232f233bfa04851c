import { describe, expect, it } from "vitest";
import { storefrontEnv } from "./storefront-env.js";

const urls = { api: "http://127.0.0.1:41000" };

describe("the storefront's environment", () => {
  it("runs the production build on the loopback, calling the API where it is told", () => {
    const env = storefrontEnv(4601, urls, { PORT: "3000", NODE_ENV: "development" });

    expect(env).toMatchObject({
      PORT: "4601",
      HOSTNAME: "127.0.0.1",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      API_URL: "http://127.0.0.1:41000",
    });
  });

  it("is given none of the backend's secrets or infrastructure", () => {
    const env = storefrontEnv(4601, urls, {
      DATABASE_URL: "postgres://x",
      NATS_URL: "nats://x",
      REDIS_URL: "redis://x",
      JWT_PRIVATE_KEY: "PRIVATE PEM",
      JWT_PUBLIC_KEY: "PUBLIC PEM",
      STRIPE_SECRET_KEY: "sk_test_x",
      STRIPE_WEBHOOK_SECRET: "whsec_x",
    });

    for (const name of [
      "DATABASE_URL",
      "NATS_URL",
      "REDIS_URL",
      "JWT_PRIVATE_KEY",
      "JWT_PUBLIC_KEY",
      "STRIPE_SECRET_KEY",
      "STRIPE_WEBHOOK_SECRET",
    ]) {
      expect(env[name]).toBeUndefined();
    }
  });

  it("passes the publishable key and time zone through, and the emulator's address only when used", () => {
    const base = {
      STRIPE_PUBLISHABLE_KEY: "pk_test_x",
      STOREFRONT_TIME_ZONE: "Europe/Paris",
      STRIPE_API_BASE: "https://stripe.example",
    };

    const real = storefrontEnv(4601, urls, base);
    const emulated = storefrontEnv(
      4601,
      { ...urls, stripeEmulator: "http://127.0.0.1:42000" },
      base,
    );

    expect(real).toMatchObject({
      STRIPE_PUBLISHABLE_KEY: "pk_test_x",
      STOREFRONT_TIME_ZONE: "Europe/Paris",
    });
    expect(real.STRIPE_API_BASE).toBeUndefined();
    expect(emulated.STRIPE_API_BASE).toBe("http://127.0.0.1:42000");
  });
});
