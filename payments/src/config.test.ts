import { ConfigError, loadConfig } from "@microtickets/common";
import { generateSessionKeys } from "@microtickets/common/testing";
import { describe, expect, it } from "vitest";
import { paymentsConfig } from "./config.js";

const valid = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/payments",
  NATS_URL: "nats://127.0.0.1:4222",
  JWT_PUBLIC_KEY: generateSessionKeys().publicKeyPem,
  STRIPE_SECRET_KEY: "sk_test_123",
  STRIPE_WEBHOOK_SECRET: "whsec_abc",
};

describe("payments configuration", () => {
  it("reads a valid environment, talking to Stripe itself unless STRIPE_API_BASE is set", () => {
    const config = loadConfig(paymentsConfig, valid);
    expect(config).toMatchObject({
      PORT: 4005,
      PAYMENT_SWEEP_INTERVAL_MS: 1_000,
      PAYMENT_STALE_AFTER_MS: 60_000,
    });
    expect(config.STRIPE_API_BASE).toBeUndefined();
    expect(
      loadConfig(paymentsConfig, { ...valid, STRIPE_API_BASE: "http://127.0.0.1:12111" })
        .STRIPE_API_BASE,
    ).toBe("http://127.0.0.1:12111");
  });

  it.each([
    ["STRIPE_SECRET_KEY", { ...valid, STRIPE_SECRET_KEY: undefined }],
    ["STRIPE_SECRET_KEY", { ...valid, STRIPE_SECRET_KEY: "pk_test_publishable" }],
    ["STRIPE_WEBHOOK_SECRET", { ...valid, STRIPE_WEBHOOK_SECRET: "" }],
    ["STRIPE_API_BASE", { ...valid, STRIPE_API_BASE: "stripe.local" }],
    ["DATABASE_URL", { ...valid, DATABASE_URL: undefined }],
    ["PAYMENT_SWEEP_INTERVAL_MS", { ...valid, PAYMENT_SWEEP_INTERVAL_MS: "0" }],
  ])("fails fast naming %s", (variable, env) => {
    expect(() => loadConfig(paymentsConfig, env)).toThrow(ConfigError);
    expect(() => loadConfig(paymentsConfig, env)).toThrow(
      new RegExp(`^Invalid configuration: ${variable}:`),
    );
  });
});
