import { describe, expect, it } from "vitest";
import { apiUrlFor, ConfigError, readConfig } from "./config";

describe("readConfig", () => {
  it("reads the environment with its defaults", () => {
    const gateway = "http://127.0.0.1:3000";
    expect(readConfig({ API_URL: "http://127.0.0.1:3000/" })).toEqual({
      apiUrls: {
        "/api/users": gateway,
        "/api/tickets": gateway,
        "/api/orders": gateway,
        "/api/payments": gateway,
      },
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

  it("sends each API's paths to its own address when one is set, the rest to API_URL", () => {
    const config = readConfig({
      API_URL: "http://gateway:3000",
      TICKETS_API_URL: "http://tickets:4002/",
      ORDERS_API_URL: "http://orders:4003",
    });
    expect(apiUrlFor(config, "/api/tickets?limit=5")).toBe(
      "http://tickets:4002/api/tickets?limit=5",
    );
    expect(apiUrlFor(config, "/api/tickets/abc")).toBe("http://tickets:4002/api/tickets/abc");
    expect(apiUrlFor(config, "/api/orders")).toBe("http://orders:4003/api/orders");
    expect(apiUrlFor(config, "/api/users/currentuser")).toBe(
      "http://gateway:3000/api/users/currentuser",
    );
    expect(() => apiUrlFor(config, "/api/ticketsx")).toThrow(/No API serves/);
  });

  it("needs no API_URL when every API has its own address", () => {
    const config = readConfig({
      AUTH_API_URL: "http://auth:4001",
      TICKETS_API_URL: "http://tickets:4002",
      ORDERS_API_URL: "http://orders:4003",
      PAYMENTS_API_URL: "http://payments:4005",
    });
    expect(apiUrlFor(config, "/api/payments")).toBe("http://payments:4005/api/payments");
  });

  it.each([
    [{}, /API_URL/],
    [{ TICKETS_API_URL: "http://tickets:4002" }, /AUTH_API_URL/],
    [{ API_URL: "http://a", ORDERS_API_URL: "orders:4003" }, /ORDERS_API_URL/],
    [{ API_URL: "gateway:3000" }, /API_URL/],
    [{ API_URL: "http://a", STOREFRONT_TIME_ZONE: "Mars/Base" }, /STOREFRONT_TIME_ZONE/],
    [{ API_URL: "http://a", STRIPE_PUBLISHABLE_KEY: "sk_test_x" }, /STRIPE_PUBLISHABLE_KEY/],
    [{ API_URL: "http://a", STRIPE_API_BASE: "nope" }, /STRIPE_API_BASE/],
  ])("names the bad variable in %j", (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });
});
