import { describe, expect, it } from "vitest";
import { checkEnvironment, rulesFor } from "./check-environment.js";
import { CONTRACT_ROUTES, LIVE_UPDATES } from "./contract-routes.js";
import {
  allowBetween,
  allowDns,
  allowFromIngress,
  autoscaler,
  changed,
  defaultDeny,
  deployable,
  disruptionBudget,
  environment,
} from "./fixtures.js";
import { formatViolation, type Manifest } from "./manifest.js";

const routed = CONTRACT_ROUTES.flatMap(({ service, port }) => [
  ...deployable(service, port, {
    autoscaled: true,
    component: service === "client" ? "storefront" : "api",
  }),
  autoscaler(service),
  disruptionBudget(service),
  allowFromIngress(service, port),
]);
const traffic: Manifest[] = [
  {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "microtickets", namespace: "microtickets" },
    spec: {
      ingressClassName: "nginx",
      rules: [
        {
          http: {
            paths: CONTRACT_ROUTES.map(({ path, service, port }) => ({
              path,
              pathType: "Prefix",
              backend: { service: { name: service, port: { number: port } } },
            })),
          },
        },
      ],
    },
  },
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "microtickets", namespace: "microtickets" },
    spec: { gatewayClassName: "nginx", listeners: [{ name: "http", protocol: "HTTP", port: 80 }] },
  },
  {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "microtickets", namespace: "microtickets" },
    spec: {
      parentRefs: [{ name: "microtickets" }],
      rules: [LIVE_UPDATES, ...CONTRACT_ROUTES].map(({ path, service, port }) => ({
        matches: [{ path: { type: "PathPrefix", value: path } }],
        backendRefs: [{ name: service, port }],
        ...(path === LIVE_UPDATES.path && { timeouts: { request: "0s" } }),
      })),
    },
  },
];
const storefrontUrls = {
  AUTH_API_URL: "http://auth:4001",
  TICKETS_API_URL: "http://tickets:4002",
  ORDERS_API_URL: "http://orders:4003",
  PAYMENTS_API_URL: "http://payments:4005",
};
const storefrontCalls = CONTRACT_ROUTES.filter(({ service }) => service !== "client").flatMap(
  ({ service, port }) => allowBetween("client", service, port),
);
const objects = [...routed, ...traffic, defaultDeny(), allowDns(), ...storefrontCalls].map(
  (object) =>
    object.kind === "ConfigMap" && object.metadata.name === "client-config"
      ? changed(object, (c) => Object.assign(c.data as object, storefrontUrls))
      : object,
);
const rules = rulesFor({
  external: [],
  definitions: [],
  artifacts: CONTRACT_ROUTES.map(({ service }) => ({
    image: `microtickets/${service}`,
    context: ".",
    dockerfile: `infra/images/${service}.Dockerfile`,
    path: "",
  })),
  fileExists: () => true,
});

describe("checking an environment", () => {
  it("finds nothing wrong with prod as the design describes it", () => {
    expect(
      checkEnvironment(environment("prod", objects), rules).map((v) => formatViolation("prod", v)),
    ).toEqual([]);
  });

  it("reports schema violations and rule violations, one line each", () => {
    const broken = objects.map((object) =>
      object.kind === "Deployment" && object.metadata.name === "auth"
        ? changed(object, (d) => {
            (d.spec as { strategy: unknown }).strategy = {
              type: "RollingUpdate",
              rollingUpdate: { maxUnavailable: "1", maxSurge: 1 },
              maxSurge: 1,
            };
          })
        : object,
    );

    expect(
      checkEnvironment(environment("prod", broken), rules).map((v) => formatViolation("prod", v)),
    ).toEqual([
      "prod Deployment/auth spec.strategy.maxSurge: field not defined by the schema (misspelt or misplaced?)",
      "prod Deployment/auth spec.strategy.rollingUpdate.maxUnavailable: must be 0, is 1",
    ]);
  });

  it("keeps an object that breaks its schema from the other rules, which read it as its type", () => {
    const invalid = objects.map((object) =>
      object.kind === "Service" && object.metadata.name === "auth"
        ? changed(object, (s) => Object.assign(s.spec as object, { ports: "4001" }))
        : object,
    );
    const lines = checkEnvironment(environment("prod", invalid), rules).map((v) =>
      formatViolation("prod", v),
    );

    expect(lines[0]).toBe("prod Service/auth spec.ports: must be array");
    expect(lines).toContain(
      "prod Ingress/microtickets spec.rules[0].http.paths[0].backend.service.name: Service auth does not exist",
    );
  });
});
