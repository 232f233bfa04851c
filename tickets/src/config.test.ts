import { ConfigError, loadConfig } from "@microtickets/common";
import { generateSessionKeys } from "@microtickets/common/testing";
import { describe, expect, it } from "vitest";
import { ticketsConfig } from "./config.js";

const keys = generateSessionKeys();
const valid = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/tickets",
  NATS_URL: "nats://127.0.0.1:4222",
  JWT_PUBLIC_KEY: keys.publicKeyPem,
};

describe("tickets configuration", () => {
  it("reads a valid environment with defaults", () => {
    const config = loadConfig(ticketsConfig, valid);
    expect(config).toMatchObject({
      PORT: 4002,
      TRUST_PROXY_HOPS: 1,
      BUS_STREAM: "EVENTS",
      BUS_SUBJECT_PREFIX: "",
    });
  });

  it("takes a public key written on one line with literal \\n", () => {
    const oneLine = keys.publicKeyPem.replace(/\n/g, "\\n");
    expect(loadConfig(ticketsConfig, { ...valid, JWT_PUBLIC_KEY: oneLine }).JWT_PUBLIC_KEY).toBe(
      keys.publicKeyPem,
    );
  });

  it.each([
    ["DATABASE_URL", { ...valid, DATABASE_URL: undefined }],
    ["DATABASE_URL", { ...valid, DATABASE_URL: "mysql://x" }],
    ["NATS_URL", { ...valid, NATS_URL: "http://127.0.0.1:4222" }],
    ["JWT_PUBLIC_KEY", { ...valid, JWT_PUBLIC_KEY: keys.privateKeyPem }],
    ["PORT", { ...valid, PORT: "eighty" }],
    ["TRUST_PROXY_HOPS", { ...valid, TRUST_PROXY_HOPS: "-1" }],
  ])("fails fast naming %s", (variable, env) => {
    expect(() => loadConfig(ticketsConfig, env)).toThrow(ConfigError);
    expect(() => loadConfig(ticketsConfig, env)).toThrow(
      new RegExp(`^Invalid configuration: ${variable}:`),
    );
  });
});
