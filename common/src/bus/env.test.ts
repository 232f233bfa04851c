import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, loadConfig } from "../config.js";
import { busConfigFrom, busEnv } from "./env.js";

const schema = z.object(busEnv);

describe("the bus configuration", () => {
  it("defaults to the production stream without a prefix", () => {
    const config = loadConfig(schema, { NATS_URL: "nats://127.0.0.1:4222" });
    expect(busConfigFrom(config)).toEqual({ stream: "EVENTS", subjectPrefix: "" });
  });

  it("takes a namespace's stream and prefix", () => {
    const config = loadConfig(schema, {
      NATS_URL: "nats://127.0.0.1:4222",
      BUS_STREAM: "DEMO",
      BUS_SUBJECT_PREFIX: "demo.",
    });
    expect(busConfigFrom(config)).toEqual({ stream: "DEMO", subjectPrefix: "demo." });
  });

  it("keeps one copy of the stream unless told to replicate it", () => {
    const base = { NATS_URL: "nats://127.0.0.1:4222" };
    expect(loadConfig(schema, base).BUS_STREAM_REPLICAS).toBe(1);
    expect(loadConfig(schema, { ...base, BUS_STREAM_REPLICAS: "3" }).BUS_STREAM_REPLICAS).toBe(3);
  });

  it.each([
    ["NATS_URL", { NATS_URL: "http://x" }],
    ["BUS_SUBJECT_PREFIX", { NATS_URL: "nats://x:4222", BUS_SUBJECT_PREFIX: "no-dot" }],
    ["BUS_STREAM", { NATS_URL: "nats://x:4222", BUS_STREAM: "a.b" }],
    ["BUS_STREAM_REPLICAS", { NATS_URL: "nats://x:4222", BUS_STREAM_REPLICAS: "0" }],
  ])("names %s when it is invalid", (variable, source) => {
    expect(() => loadConfig(schema, source)).toThrow(ConfigError);
    expect(() => loadConfig(schema, source)).toThrow(`Invalid configuration: ${variable}:`);
  });
});
