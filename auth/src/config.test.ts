import { ConfigError, loadConfig } from "@microtickets/common";
import { generateSessionKeys } from "@microtickets/common/testing";
import { describe, expect, it } from "vitest";
import { authConfig } from "./config.js";

const loadAuthConfig = (env: NodeJS.ProcessEnv) => loadConfig(authConfig, env);

const keys = generateSessionKeys();
const valid = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/auth",
  REDIS_URL: "redis://127.0.0.1:6379",
  JWT_PRIVATE_KEY: keys.privateKeyPem,
  JWT_PUBLIC_KEY: keys.publicKeyPem,
};

describe("auth configuration", () => {
  it("reads a valid environment with defaults", () => {
    const config = loadAuthConfig(valid);
    expect(config.PORT).toBe(4001);
    expect(config.SIGNIN_MAX_FAILURES_PER_EMAIL).toBe(5);
  });

  it.each([
    ["DATABASE_URL", { ...valid, DATABASE_URL: undefined }],
    ["DATABASE_URL", { ...valid, DATABASE_URL: "mysql://x" }],
    ["JWT_PRIVATE_KEY", { ...valid, JWT_PRIVATE_KEY: "secret" }],
    ["PORT", { ...valid, PORT: "eighty" }],
  ])("fails fast naming %s", (variable, env) => {
    expect(() => loadAuthConfig(env)).toThrow(ConfigError);
    expect(() => loadAuthConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable}:`));
  });
});
