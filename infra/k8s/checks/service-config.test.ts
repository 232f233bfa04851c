import { describe, expect, it } from "vitest";
import { changed, configMap, deployment, environment } from "./fixtures.js";
import type { Manifest } from "./manifest.js";
import {
  requiredVariables,
  type ServiceDefinitionLike,
  serviceConfig,
  storefrontConfig,
} from "./service-config.js";

/** A variable's schema as zod answers: required or not, and which values it accepts. */
const variable = (required: boolean, accepts: (value: string) => boolean = () => true) => ({
  safeParse: (value: unknown) =>
    value === undefined
      ? { success: !required, error: { issues: [{ message: "Required" }] } }
      : { success: accepts(String(value)), error: { issues: [{ message: "must be a nats URL" }] } },
});
const orders: ServiceDefinitionLike = {
  name: "orders",
  config: {
    shape: {
      PORT: variable(false),
      DATABASE_URL: variable(true),
      NATS_URL: variable(true, (value) => value.startsWith("nats://")),
      ORDER_LOCK_SECONDS: variable(false),
    },
  },
};
const ordersDeployment = changed(deployment("orders", 4003), (d) => {
  const [first] = d.spec.template.spec.containers;
  if (first)
    first.env = [
      { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "orders-db-app", key: "uri" } } },
    ];
});
const external = [{ kind: "Secret" as const, name: "orders-db-app", keys: ["uri"] }];
const check = (...objects: Manifest[]) =>
  serviceConfig(
    [orders],
    external,
  )(environment("prod", objects)).map((v) => `${v.path}: ${v.message}`);

describe("the service configuration rule", () => {
  it("takes a variable as required when its schema refuses it missing", () => {
    expect(requiredVariables(orders)).toEqual(["DATABASE_URL", "NATS_URL"]);
  });

  it("passes a container given every required variable, from a ConfigMap and a Secret", () => {
    expect(
      check(
        ordersDeployment,
        configMap("orders-config", { PORT: "4003", NATS_URL: "nats://nats:4222" }),
      ),
    ).toEqual([]);
  });

  it("reports a required variable no env or envFrom provides", () => {
    expect(check(ordersDeployment, configMap("orders-config", { PORT: "4003" }))).toEqual([
      "spec.template.spec.containers[0].env: NATS_URL is required by orders's config and not provided",
    ]);
  });

  it("reports a variable read from a Secret key that does not exist as not provided", () => {
    const wrongKey = changed(ordersDeployment, (d) => {
      const [first] = d.spec.template.spec.containers;
      if (first)
        first.env = [
          {
            name: "DATABASE_URL",
            valueFrom: { secretKeyRef: { name: "orders-db-app", key: "url" } },
          },
        ];
    });

    expect(check(wrongKey, configMap("orders-config", { NATS_URL: "nats://nats:4222" }))).toEqual([
      "spec.template.spec.containers[0].env: DATABASE_URL is required by orders's config and not provided",
    ]);
  });

  it("reports a value the manifests spell out that the schema refuses", () => {
    expect(
      check(ordersDeployment, configMap("orders-config", { NATS_URL: "http://nats:4222" })),
    ).toEqual([
      'spec.template.spec.containers[0].envFrom[0]: NATS_URL="http://nats:4222" is refused by orders\'s config: must be a nats URL',
    ]);
  });

  it("reports a service no workload runs", () => {
    expect(check()).toEqual([": no workload runs the orders service"]);
  });
});

describe("the storefront configuration rule", () => {
  const client = deployment("client", 3000, { component: "storefront" });
  const checkStorefront = (data: Record<string, string>) =>
    storefrontConfig([])(environment("prod", [client, configMap("client-config", data)])).map(
      (v) => v.message,
    );
  const urls = {
    AUTH_API_URL: "http://auth:4001",
    TICKETS_API_URL: "http://tickets:4002",
    ORDERS_API_URL: "http://orders:4003",
    PAYMENTS_API_URL: "http://payments:4005",
  };

  it("passes an address for each API, or API_URL for all of them", () => {
    expect(checkStorefront(urls)).toEqual([]);
    expect(checkStorefront({ API_URL: "http://gateway" })).toEqual([]);
  });

  it("reports an API with neither its address nor API_URL, and an address that is no http URL", () => {
    const { PAYMENTS_API_URL: _, ...withoutPayments } = urls;

    expect(checkStorefront(withoutPayments)).toEqual([
      "neither PAYMENTS_API_URL nor API_URL is provided",
    ]);
    expect(checkStorefront({ ...urls, AUTH_API_URL: "auth:4001" })).toEqual([
      'AUTH_API_URL="auth:4001" is no http(s) URL',
    ]);
  });
});
