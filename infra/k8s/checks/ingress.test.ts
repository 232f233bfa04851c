import { describe, expect, it } from "vitest";
import { CONTRACT_ROUTES } from "./contract-routes.js";
import { changed, environment, service } from "./fixtures.js";
import { ingress } from "./ingress.js";
import type { Manifest } from "./manifest.js";

const services = CONTRACT_ROUTES.map((route) => service(route.service, route.port));
const contractIngress: Manifest = {
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name: "microtickets", namespace: "microtickets" },
  spec: {
    ingressClassName: "nginx",
    rules: [
      {
        http: {
          paths: CONTRACT_ROUTES.map((route) => ({
            path: route.path,
            pathType: "Prefix",
            backend: { service: { name: route.service, port: { number: route.port } } },
          })),
        },
      },
    ],
  },
};
type IngressSpec = {
  ingressClassName?: string;
  rules: {
    http: {
      paths: {
        path: string;
        pathType: string;
        backend: { service: { name: string; port: { number?: number; name?: string } } };
      }[];
    };
  }[];
};
const withSpec = (change: (spec: IngressSpec) => void) =>
  changed(contractIngress, (i) => {
    change(i.spec as IngressSpec);
  });
const check = (object: Manifest, objects = services) =>
  ingress(environment("prod", [object, ...objects])).map((v) => `${v.path}: ${v.message}`);

describe("the Ingress rule", () => {
  it("passes the contract's paths to existing Services, by port number or name", () => {
    const byName = withSpec((spec) => {
      for (const path of spec.rules[0]?.http.paths ?? [])
        path.backend.service.port = { name: "http" };
    });

    expect(check(contractIngress)).toEqual([]);
    expect(check(byName)).toEqual([]);
  });

  it("reports a backend Service or port that does not exist", () => {
    const withoutOrders = services.filter((s) => s.metadata.name !== "orders");
    const wrongPort = withSpec((spec) => {
      const first = spec.rules[0]?.http.paths[0];
      if (first) first.backend.service.port = { number: 80 };
    });

    expect(check(contractIngress, withoutOrders)).toContain(
      "spec.rules[0].http.paths[2].backend.service.name: Service orders does not exist",
    );
    expect(check(wrongPort)).toEqual([
      'spec.rules[0].http.paths[0].backend.service.port: Service auth has no port {"number":80}',
      "spec.rules: no Prefix path /api/users to Service auth port 4001",
    ]);
  });

  it("reports a contract path missing, or not a Prefix", () => {
    const exact = withSpec((spec) => {
      const payments = spec.rules[0]?.http.paths[3];
      if (payments) payments.pathType = "Exact";
    });

    expect(check(exact)).toEqual([
      "spec.rules: no Prefix path /api/payments to Service payments port 4005",
    ]);
    expect(check(withSpec((spec) => spec.rules[0]?.http.paths.pop()))).toEqual([
      "spec.rules: no Prefix path / to Service client port 3000",
    ]);
  });

  it("reports another ingress class and configuration snippets", () => {
    const snippet = changed(contractIngress, (i) => {
      i.metadata.annotations = {
        "nginx.ingress.kubernetes.io/configuration-snippet": "more_set_headers x",
      };
      (i.spec as IngressSpec).ingressClassName = "traefik";
    });

    expect(check(snippet)).toEqual([
      "spec.ingressClassName: must be nginx, is traefik",
      'metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]: no controller snippets',
    ]);
  });
});
