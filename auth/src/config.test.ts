import { ConfigError, loadConfig } from "@microtickets/common";
import { generateSessionKeys } from "@microtickets/common/testing";
import { describe, expect, it } from "vitest";
import { authConfig } from "./config.js";

const loadAuthConfig = (env: NodeJS.ProcessEnv) => loadConfig(authConfig, env);

const keys = generateSessionKeys();
const valid = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/auth",
  REDIS_URL: "redis://127.0.0.1:6379",
  NATS_URL: "nats://127.0.0.1:4222",
  JWT_PRIVATE_KEY: keys.privateKeyPem,
  JWT_PUBLIC_KEY: keys.publicKeyPem,
};

describe("auth configuration", () => {
  it("reads a valid environment with defaults", () => {
    const config = loadAuthConfig(valid);
    expect(config.PORT).toBe(4001);
    expect(config.SIGNIN_MAX_FAILURES_PER_EMAIL).toBe(5);
  });

  it("takes the public keys of a rotation, concatenated, with literal \\n from a one-line env file", () => {
    const [previous, next] = [generateSessionKeys(), generateSessionKeys()];
    const bundle = `${previous.publicKeyPem}${next.publicKeyPem}`.replace(/\n/g, "\\n");
    const config = loadAuthConfig({ ...valid, SESSION_PUBLIC_KEYS: bundle });
    expect(config.SESSION_PUBLIC_KEYS).toBe(`${previous.publicKeyPem}${next.publicKeyPem}`);
  });

  it.each([
    ["DATABASE_URL", { ...valid, DATABASE_URL: undefined }],
    ["DATABASE_URL", { ...valid, DATABASE_URL: "mysql://x" }],
    ["JWT_PRIVATE_KEY", { ...valid, JWT_PRIVATE_KEY: "secret" }],
    ["NATS_URL", { ...valid, NATS_URL: undefined }],
    ["SESSION_PUBLIC_KEYS", { ...valid, SESSION_PUBLIC_KEYS: "-----BEGIN PUBLIC KEY-----x" }],
    ["PORT", { ...valid, PORT: "eighty" }],
  ])("fails fast naming %s", (variable, env) => {
    expect(() => loadAuthConfig(env)).toThrow(ConfigError);
    expect(() => loadAuthConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable}:`));
  });
});
