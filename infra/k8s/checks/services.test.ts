import { describe, expect, it } from "vitest";
import { changed, deployment, environment, service, statefulSet } from "./fixtures.js";
import type { Manifest } from "./manifest.js";
import { services } from "./services.js";

const check = (...objects: Manifest[]) =>
  services(environment("dev", objects)).map((v) => `${v.path}: ${v.message}`);

describe("the Service rule", () => {
  it("passes a Service whose selector and target port (by name or number) match a workload's pods", () => {
    expect(check(deployment("auth", 4001), service("auth", 4001))).toEqual([]);
    expect(check(deployment("auth", 4001), service("auth", 4001, 4001))).toEqual([]);
  });

  it("reports a Service that selects no pods", () => {
    expect(check(deployment("auth", 4001), service("orders", 4003))).toEqual([
      'spec.selector: selects no workload\'s pods ({"app.kubernetes.io/name":"orders"})',
    ]);
  });

  it("reports a target port no selected container declares, by name or number", () => {
    const nats = statefulSet("nats", 4222, "nats:2.10.24-alpine");

    expect(check(nats, service("nats", 4222, "client"))).toEqual([
      "spec.ports[0].targetPort: no container of StatefulSet/nats declares port client",
    ]);
    expect(check(nats, service("nats", 4222, 4223))).toEqual([
      "spec.ports[0].targetPort: no container of StatefulSet/nats declares port 4223",
    ]);
  });

  it("takes a Service without a targetPort to forward to its own port number", () => {
    const plain = changed(service("auth", 4001), (s) => {
      s.spec = { ...(s.spec as object), ports: [{ port: 4001 }] };
    });

    expect(check(deployment("auth", 4001), plain)).toEqual([]);
  });
});
