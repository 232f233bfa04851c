import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import { describe, expect, it } from "vitest";
import { changed, configMap, deployment, environment } from "./fixtures.js";
import type { Manifest } from "./manifest.js";
import { secretExposure } from "./secret-exposure.js";

const external = [
  {
    kind: "Secret" as const,
    name: "payments-stripe",
    keys: ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"],
  },
  { kind: "Secret" as const, name: "auth-session-key", keys: ["JWT_PRIVATE_KEY"] },
  { kind: "Secret" as const, name: "orders-db-app", keys: ["uri", "password"] },
];
const secretVar = (name: string, secret: string, key = name): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});
const given = (
  name: string,
  port: number,
  env: IEnvVar[],
  envFrom: { secretRef: { name: string } }[] = [],
) =>
  changed(deployment(name, port, { component: name === "client" ? "storefront" : "api" }), (d) => {
    const [first] = d.spec.template.spec.containers;
    if (first) {
      first.env = env;
      first.envFrom = [...(first.envFrom ?? []), ...envFrom];
    }
  });
const check = (envName: string, ...objects: Manifest[]) =>
  secretExposure(external)(environment(envName, objects)).map((v) => `${v.name}: ${v.message}`);

describe("the secret exposure rule", () => {
  it("passes each secret given only to its holders", () => {
    expect(
      check(
        "dev",
        given("auth", 4001, [secretVar("JWT_PRIVATE_KEY", "auth-session-key")]),
        given("orders", 4003, [secretVar("DATABASE_URL", "orders-db-app", "uri")]),
        given("payments", 4005, [
          secretVar("STRIPE_SECRET_KEY", "payments-stripe"),
          secretVar("STRIPE_WEBHOOK_SECRET", "payments-stripe"),
        ]),
        given("stripe-emulator", 12111, [secretVar("STRIPE_WEBHOOK_SECRET", "payments-stripe")]),
        given("postgres", 5432, [secretVar("ORDERS_PASSWORD", "orders-db-app", "password")]),
      ),
    ).toEqual([]);
  });

  it("reports the session key, another service's database and the Stripe key where they do not belong", () => {
    expect(
      check(
        "prod",
        given("tickets", 4002, [
          secretVar("JWT_PRIVATE_KEY", "auth-session-key"),
          secretVar("DATABASE_URL", "orders-db-app", "uri"),
        ]),
        given("stripe-emulator", 12111, [secretVar("STRIPE_WEBHOOK_SECRET", "payments-stripe")]),
      ),
    ).toEqual([
      "tickets: tickets must not hold Secret auth-session-key (only auth)",
      "tickets: tickets must not hold Secret orders-db-app (only orders)",
      "tickets: tickets must not hold JWT_PRIVATE_KEY (only auth)",
      "stripe-emulator: stripe-emulator must not hold STRIPE_WEBHOOK_SECRET of Secret payments-stripe (only payments)",
      "stripe-emulator: stripe-emulator must not hold STRIPE_WEBHOOK_SECRET (only payments)",
    ]);
  });

  it("takes a whole Secret in envFrom as every key of it: the emulator would get the API key", () => {
    expect(
      check(
        "dev",
        given("stripe-emulator", 12111, [], [{ secretRef: { name: "payments-stripe" } }]),
      ),
    ).toEqual([
      "stripe-emulator: stripe-emulator must not hold STRIPE_SECRET_KEY of Secret payments-stripe (only payments)",
      "stripe-emulator: stripe-emulator must not hold STRIPE_SECRET_KEY (only payments)",
    ]);
  });

  it("reports a variable the storefront must not be given, whatever object it comes from", () => {
    const client = given("client", 3000, [{ name: "NATS_URL", value: "nats://nats:4222" }]);

    expect(
      check(
        "prod",
        client,
        configMap("client-config", { REDIS_URL: "redis://redis:6379", JWT_PUBLIC_KEY: "PEM" }),
      ),
    ).toEqual([
      "client: the storefront must not be given REDIS_URL",
      "client: the storefront must not be given JWT_PUBLIC_KEY",
      "client: the storefront must not be given NATS_URL",
    ]);
  });
});
