import { describe, expect, it } from "vitest";
import {
  allowBetween,
  allowDns,
  allowFromIngress,
  changed,
  configMap,
  defaultDeny,
  deployment,
  environment,
  networkPolicy,
  service,
  statefulSet,
} from "./fixtures.js";
import type { Manifest } from "./manifest.js";
import { networkFlows, networkLeastPrivilege } from "./network-flows.js";

const orders = deployment("orders", 4003);
const nats = changed(statefulSet("nats", 4222, "nats:2.10.24-alpine"), (s) => {
  const [first] = s.spec.template.spec.containers;
  if (first) first.envFrom = [];
});
const bus = [
  orders,
  configMap("orders-config", { NATS_URL: "nats://nats:4222" }),
  nats,
  service("nats", 4222),
];
const external = [
  { kind: "Secret" as const, name: "payments-stripe", keys: ["STRIPE_SECRET_KEY"] },
];
const flows = (name: string, ...objects: Manifest[]) =>
  networkFlows(external)(environment(name, objects)).map(
    (v) => `${v.kind}/${v.name}: ${v.message}`,
  );
const extra = (...objects: Manifest[]) =>
  networkLeastPrivilege(external)(environment("prod", objects)).map(
    (v) => `${v.kind}/${v.name}: ${v.message}`,
  );

describe("the network flow rule", () => {
  it("passes prod when the policies let through every connection the configuration names", () => {
    expect(
      flows("prod", ...bus, defaultDeny(), allowDns(), ...allowBetween("orders", "nats", 4222)),
    ).toEqual([]);
  });

  it("reports a connection a URL names that the policies block, and DNS blocked", () => {
    expect(flows("prod", ...bus, defaultDeny())).toEqual([
      "Deployment/orders: Deployment/orders cannot reach StatefulSet/nats on TCP 4222 (NATS_URL=nats://nats:4222): no NetworkPolicy lets it",
      "Deployment/orders: Deployment/orders cannot reach kube-dns on UDP 53 (host names to resolve): no NetworkPolicy lets it",
      "Deployment/orders: Deployment/orders cannot reach kube-dns on TCP 53 (host names to resolve): no NetworkPolicy lets it",
    ]);
    expect(flows("dev", ...bus, defaultDeny())).toEqual([]);
  });

  it("reports the ingress controller kept from a backend, and a Stripe key holder kept from the internet", () => {
    const ingress: Manifest = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "microtickets", namespace: "microtickets" },
      spec: {
        rules: [
          {
            http: {
              paths: [
                {
                  path: "/api/orders",
                  pathType: "Prefix",
                  backend: { service: { name: "orders", port: { number: 4003 } } },
                },
              ],
            },
          },
        ],
      },
    };
    const payments = changed(deployment("payments", 4005), (d) => {
      const [first] = d.spec.template.spec.containers;
      if (first)
        first.env = [
          {
            name: "STRIPE_SECRET_KEY",
            valueFrom: { secretKeyRef: { name: "payments-stripe", key: "STRIPE_SECRET_KEY" } },
          },
        ];
    });
    const base = [orders, service("orders", 4003), ingress, defaultDeny(), allowDns()];

    expect(flows("prod", ...base)).toEqual([
      "Deployment/orders: the ingress controller (namespace ingress-nginx) cannot reach Deployment/orders on TCP 4003 (Ingress microtickets /api/orders): no NetworkPolicy lets it",
    ]);
    expect(flows("prod", ...base, allowFromIngress("orders", 4003))).toEqual([]);
    expect(flows("prod", payments, defaultDeny(), allowDns())).toEqual([
      "Deployment/payments: Deployment/payments cannot reach Stripe's API on TCP 443 (STRIPE_SECRET_KEY and no STRIPE_API_BASE): no NetworkPolicy lets it",
    ]);
  });

  it("reports CloudNativePG's own traffic blocked: operator, replication, the API", () => {
    const cluster: Manifest = {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "orders-db", namespace: "microtickets" },
      spec: { instances: 3 },
    };

    expect(
      flows("prod", cluster, defaultDeny()).map((line) =>
        line.replace(/: no NetworkPolicy lets it$/, ""),
      ),
    ).toEqual([
      "Cluster/orders-db: CloudNativePG's operator (namespace cnpg-system) cannot reach Cluster/orders-db on TCP 5432 (the operator manages the instances)",
      "Cluster/orders-db: CloudNativePG's operator (namespace cnpg-system) cannot reach Cluster/orders-db on TCP 8000 (the operator polls each instance's status)",
      "Cluster/orders-db: Cluster/orders-db cannot reach Cluster/orders-db on TCP 5432 (replication between the instances)",
      "Cluster/orders-db: Cluster/orders-db cannot reach the Kubernetes API on TCP 443 (the instance manager watches the API)",
      "Cluster/orders-db: Cluster/orders-db cannot reach the Kubernetes API on TCP 6443 (the instance manager watches the API)",
    ]);
  });
});

describe("the network least-privilege rule", () => {
  const cluster: Manifest = {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: { name: "orders-db", namespace: "microtickets" },
    spec: { instances: 1 },
  };
  const client = deployment("client", 3000, { component: "storefront" });

  it("passes policies that allow only what the configuration needs", () => {
    expect(
      extra(
        ...bus,
        client,
        cluster,
        defaultDeny(),
        allowDns(),
        ...allowBetween("orders", "nats", 4222),
      ),
    ).toEqual([]);
  });

  it("reports the storefront allowed to reach the bus and a database it has no business with", () => {
    const open = networkPolicy("allow-all-inside", {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });

    const lines = extra(...bus, client, cluster, defaultDeny(), open);
    expect(lines).toContain(
      "Deployment/client: may reach StatefulSet/nats on TCP 4222, which nothing in its configuration needs",
    );
    expect(lines).toContain(
      "Deployment/client: may reach Cluster/orders-db on TCP 5432, which nothing in its configuration needs",
    );
    expect(lines).not.toContain(
      "Deployment/orders: may reach StatefulSet/nats on TCP 4222, which nothing in its configuration needs",
    );
  });

  it("asks nothing of dev, which has no policies", () => {
    expect(networkLeastPrivilege([])(environment("dev", [...bus, client]))).toEqual([]);
  });
});
