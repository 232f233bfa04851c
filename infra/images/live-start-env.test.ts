import { authService } from "@microtickets/auth/testing";
import { loadConfig } from "@microtickets/common";
import { expirationService } from "@microtickets/expiration/testing";
import { ordersService } from "@microtickets/orders/testing";
import { paymentsService } from "@microtickets/payments/testing";
import { ticketsService } from "@microtickets/tickets/testing";
import { describe, expect, it } from "vitest";
import { deployable } from "../k8s/deployables.js";
import {
  liveNamespace,
  liveStartEnv,
  newRunId,
  newSessionKeys,
  newWebhookSecret,
  sharedServers,
} from "./live-start-env.js";

const keys = newSessionKeys();
const runId = "3fa9c1";
const envOf = (service: string) =>
  liveStartEnv(deployable(service), {
    servers: sharedServers({}),
    namespace: liveNamespace(runId, service),
    keys,
    port: 40123,
    webhookSecret: newWebhookSecret(),
  });

/** Each service's own configuration schema, as its image reads it at start. */
const SERVICES = [
  ["auth", authService.config],
  ["tickets", ticketsService.config],
  ["orders", ordersService.config],
  ["expiration", expirationService.config],
  ["payments", paymentsService.config],
] as const;

describe("the environment a service image is live-started with", () => {
  it.each(SERVICES)(
    "is a valid configuration of %s, every variable one it reads",
    (service, schema) => {
      const env = envOf(service);
      expect(() => loadConfig(schema, env)).not.toThrow();
      expect(Object.keys(env).filter((name) => !(name in schema.shape))).toEqual([]);
      expect(loadConfig(schema, env)).toMatchObject({ NODE_ENV: "production", PORT: 40123 });
    },
  );

  it("points each service at its own database, the run's stream and prefix, its own Redis keys", () => {
    expect(envOf("orders")).toMatchObject({
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/images_3fa9c1_orders",
      NATS_URL: "nats://127.0.0.1:4222",
      BUS_STREAM: "IMAGES_3FA9C1",
      BUS_SUBJECT_PREFIX: "i3fa9c1.",
    });
    expect(envOf("expiration")).toMatchObject({
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_KEY_PREFIX: "images:3fa9c1:expiration:",
    });
    expect(envOf("expiration").DATABASE_URL).toBeUndefined();
    expect(envOf("tickets").REDIS_URL).toBeUndefined();
  });

  it("gives the private key to auth alone, the public key to every API", () => {
    expect(envOf("auth")).toMatchObject({
      JWT_PRIVATE_KEY: keys.privateKey,
      JWT_PUBLIC_KEY: keys.publicKey,
    });
    for (const service of ["tickets", "orders", "payments"]) {
      expect(envOf(service).JWT_PRIVATE_KEY).toBeUndefined();
      expect(envOf(service).JWT_PUBLIC_KEY).toBe(keys.publicKey);
    }
    expect(keys.privateKey).toContain("-----BEGIN PRIVATE KEY-----");
  });

  it("gives payments a Stripe where nothing answers: it must start without calling Stripe", () => {
    const env = envOf("payments");
    expect(env).toMatchObject({
      STRIPE_SECRET_KEY: "sk_test_emulator",
      STRIPE_API_BASE: "http://127.0.0.1:9",
    });
    expect(env.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_[0-9a-f]{32}$/);
    expect(envOf("orders").STRIPE_SECRET_KEY).toBeUndefined();
  });
});

describe("the servers a live start uses", () => {
  it("are the environment's when it names them, else the machine's own", () => {
    expect(sharedServers({})).toEqual({
      postgres: "postgres://postgres@127.0.0.1:5432/postgres",
      nats: "nats://127.0.0.1:4222",
      redis: "redis://127.0.0.1:6379",
    });
    const named = {
      DATABASE_URL: "postgres://ci:secret@db.internal:6432/postgres",
      NATS_URL: "nats://bus.internal:4222",
      REDIS_URL: "redis://cache.internal:6380",
    };
    expect(sharedServers(named)).toEqual({
      postgres: named.DATABASE_URL,
      nats: named.NATS_URL,
      redis: named.REDIS_URL,
    });
    const env = liveStartEnv(deployable("orders"), {
      servers: sharedServers(named),
      namespace: liveNamespace(runId, "orders"),
      keys,
      port: 1,
      webhookSecret: newWebhookSecret(),
    });
    expect(env.DATABASE_URL).toBe("postgres://ci:secret@db.internal:6432/images_3fa9c1_orders");
  });

  it("are shared with other runs, so each run's names carry an id of its own", () => {
    expect(newRunId()).toMatch(/^[0-9a-f]{6}$/);
  });
});
