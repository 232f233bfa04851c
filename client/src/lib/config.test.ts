import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "./config";

describe("readConfig", () => {
  it("reads the environment with its defaults", () => {
    expect(readConfig({ API_URL: "http://127.0.0.1:3000/" })).toEqual({
      apiUrl: "http://127.0.0.1:3000",
      timeZone: "UTC",
      stripePublishableKey: undefined,
      stripeApiBase: undefined,
    });
    const config = readConfig({
      API_URL: "http://gateway:3000",
      STOREFRONT_TIME_ZONE: "Europe/Paris",
      STRIPE_PUBLISHABLE_KEY: "pk_test_abc123",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
    });
    expect(config.timeZone).toBe("Europe/Paris");
    expect(config.stripePublishableKey).toBe("pk_test_abc123");
    expect(config.stripeApiBase).toBe("http://127.0.0.1:12111");
  });

  it.each([
    [{}, /API_URL/],
    [{ API_URL: "gateway:3000" }, /API_URL/],
    [{ API_URL: "http://a", STOREFRONT_TIME_ZONE: "Mars/Base" }, /STOREFRONT_TIME_ZONE/],
    [{ API_URL: "http://a", STRIPE_PUBLISHABLE_KEY: "sk_test_x" }, /STRIPE_PUBLISHABLE_KEY/],
    [{ API_URL: "http://a", STRIPE_API_BASE: "nope" }, /STRIPE_API_BASE/],
  ])("names the bad variable in %j", (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });
});
