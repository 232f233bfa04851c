import { ConfigError, loadConfig } from "@microtickets/common";
import { generateSessionKeys } from "@microtickets/common/testing";
import { describe, expect, it } from "vitest";
import { ordersConfig } from "./config.js";

const loadOrdersConfig = (env: NodeJS.ProcessEnv) => loadConfig(ordersConfig, env);

const valid = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/orders",
  NATS_URL: "nats://127.0.0.1:4222",
  JWT_PUBLIC_KEY: generateSessionKeys().publicKeyPem,
};

describe("orders configuration", () => {
  it("reads a valid environment with the contract's defaults", () => {
    const config = loadOrdersConfig(valid);
    expect(config).toMatchObject({
      PORT: 4003,
      ORDER_LOCK_SECONDS: 900,
      EXPIRY_SWEEP_INTERVAL_MS: 2_000,
      MAX_OPEN_ORDERS_PER_USER: 10,
      ORDER_ATTEMPTS_PER_10S: 20,
      TRUST_PROXY_HOPS: 1,
      BUS_STREAM: "EVENTS",
      BUS_SUBJECT_PREFIX: "",
    });
  });

  it("takes a shorter lock from ORDER_LOCK_SECONDS", () => {
    expect(loadOrdersConfig({ ...valid, ORDER_LOCK_SECONDS: "5" }).ORDER_LOCK_SECONDS).toBe(5);
  });

  it("takes the fair-sales limits from MAX_OPEN_ORDERS_PER_USER and ORDER_ATTEMPTS_PER_10S", () => {
    const config = loadOrdersConfig({
      ...valid,
      MAX_OPEN_ORDERS_PER_USER: "3",
      ORDER_ATTEMPTS_PER_10S: "100",
    });
    expect(config).toMatchObject({ MAX_OPEN_ORDERS_PER_USER: 3, ORDER_ATTEMPTS_PER_10S: 100 });
  });

  it.each([
    ["DATABASE_URL", { ...valid, DATABASE_URL: undefined }],
    ["DATABASE_URL", { ...valid, DATABASE_URL: "mysql://x" }],
    ["NATS_URL", { ...valid, NATS_URL: undefined }],
    ["JWT_PUBLIC_KEY", { ...valid, JWT_PUBLIC_KEY: "not a key" }],
    ["ORDER_LOCK_SECONDS", { ...valid, ORDER_LOCK_SECONDS: "0" }],
    ["ORDER_LOCK_SECONDS", { ...valid, ORDER_LOCK_SECONDS: "fifteen minutes" }],
    ["EXPIRY_SWEEP_INTERVAL_MS", { ...valid, EXPIRY_SWEEP_INTERVAL_MS: "-1" }],
    ["MAX_OPEN_ORDERS_PER_USER", { ...valid, MAX_OPEN_ORDERS_PER_USER: "0" }],
    ["ORDER_ATTEMPTS_PER_10S", { ...valid, ORDER_ATTEMPTS_PER_10S: "twenty" }],
  ])("fails fast naming %s", (variable, env) => {
    expect(() => loadOrdersConfig(env)).toThrow(ConfigError);
    expect(() => loadOrdersConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable}:`));
  });
});
