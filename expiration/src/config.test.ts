import { ConfigError, loadConfig } from "@microtickets/common";
import { describe, expect, it } from "vitest";
import { expirationConfig } from "./config.js";

const loadExpirationConfig = (env: NodeJS.ProcessEnv) => loadConfig(expirationConfig, env);

const valid = {
  REDIS_URL: "redis://127.0.0.1:6379",
  NATS_URL: "nats://127.0.0.1:4222",
};

describe("expiration configuration", () => {
  it("reads a valid environment with defaults", () => {
    const config = loadExpirationConfig(valid);

    expect(config).toMatchObject({
      PORT: 4004,
      REDIS_KEY_PREFIX: "expiration:",
      BUS_STREAM: "EVENTS",
      BUS_SUBJECT_PREFIX: "",
    });
  });

  it("takes a namespaced key prefix", () => {
    const config = loadExpirationConfig({ ...valid, REDIS_KEY_PREFIX: "ns1:expiration:" });

    expect(config.REDIS_KEY_PREFIX).toBe("ns1:expiration:");
  });

  it.each([
    ["REDIS_URL", { ...valid, REDIS_URL: undefined }],
    ["REDIS_URL", { ...valid, REDIS_URL: "http://127.0.0.1:6379" }],
    ["NATS_URL", { ...valid, NATS_URL: undefined }],
    ["REDIS_KEY_PREFIX", { ...valid, REDIS_KEY_PREFIX: "" }],
    ["REDIS_KEY_PREFIX", { ...valid, REDIS_KEY_PREFIX: "a b:" }],
    ["PORT", { ...valid, PORT: "eighty" }],
  ])("fails fast naming %s", (variable, env) => {
    expect(() => loadExpirationConfig(env)).toThrow(ConfigError);
    expect(() => loadExpirationConfig(env)).toThrow(
      new RegExp(`^Invalid configuration: ${variable}:`),
    );
  });
});
