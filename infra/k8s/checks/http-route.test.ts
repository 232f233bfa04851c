import { describe, expect, it } from "vitest";
import { CONTRACT_ROUTES, LIVE_UPDATES } from "./contract-routes.js";
import { changed, environment, service } from "./fixtures.js";
import { httpRoute } from "./http-route.js";
import type { Manifest } from "./manifest.js";

const services = CONTRACT_ROUTES.map((route) => service(route.service, route.port));
const gateway: Manifest = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "Gateway",
  metadata: { name: "microtickets", namespace: "microtickets" },
  spec: { gatewayClassName: "nginx", listeners: [{ name: "http", protocol: "HTTP", port: 80 }] },
};
type Rule = {
  matches: { path: { type: string; value: string } }[];
  backendRefs: { name: string; port: number }[];
  timeouts?: { request: string };
};
const ruleTo = ({
  path,
  service: name,
  port,
}: {
  path: string;
  service: string;
  port: number;
}): Rule => ({
  matches: [{ path: { type: "PathPrefix", value: path } }],
  backendRefs: [{ name, port }],
});
const route: Manifest = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "microtickets", namespace: "microtickets" },
  spec: {
    parentRefs: [{ name: "microtickets", sectionName: "http" }],
    rules: [
      { ...ruleTo(LIVE_UPDATES), timeouts: { request: "0s" } },
      ...CONTRACT_ROUTES.map(ruleTo),
    ],
  },
};
const withRules = (change: (rules: Rule[]) => void) =>
  changed(route, (r) => {
    change((r.spec as { rules: Rule[] }).rules);
  });
const check = (...objects: Manifest[]) =>
  httpRoute(environment("prod", [...objects, ...services])).map((v) => `${v.path}: ${v.message}`);

describe("the HTTPRoute rule", () => {
  it("passes the contract's routes and the live updates without a timeout, on an existing Gateway", () => {
    expect(check(gateway, route)).toEqual([]);
  });

  it("reports a parent Gateway or listener that does not exist", () => {
    const otherListener = changed(route, (r) => {
      (r.spec as { parentRefs: { name: string; sectionName: string }[] }).parentRefs = [
        { name: "microtickets", sectionName: "https" },
      ];
    });

    expect(check(route)).toEqual([
      "spec.parentRefs[0]: Gateway microtickets does not exist",
      "spec.parentRefs: no Gateway in the environment",
    ]);
    expect(check(gateway, otherListener)).toEqual([
      "spec.parentRefs[0].sectionName: Gateway microtickets has no listener https",
    ]);
  });

  it("reports a backend port the Service does not have, and the contract route it breaks", () => {
    const wrongPort = withRules((rules) => {
      const users = rules[1]?.backendRefs[0];
      if (users) users.port = 80;
    });

    expect(check(gateway, wrongPort)).toEqual([
      "spec.rules[1].backendRefs[0].port: Service auth has no port 80",
      "spec.rules: no PathPrefix /api/users to Service auth port 4001",
    ]);
  });

  it("reports live updates without a rule, or with the default request timeout", () => {
    expect(
      check(
        gateway,
        withRules((rules) => rules.shift()),
      ),
    ).toEqual(["spec.rules: no rule for /api/tickets/updates to Service tickets port 4002"]);
    expect(
      check(
        gateway,
        withRules((rules) => {
          if (rules[0]) rules[0].timeouts = undefined;
        }),
      ),
    ).toEqual([
      'spec.rules: /api/tickets/updates must have timeouts.request "0s" (an event stream never ends)',
    ]);
  });
});
