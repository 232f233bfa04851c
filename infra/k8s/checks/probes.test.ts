import { describe, expect, it } from "vitest";
import { changed, deployment, environment, statefulSet } from "./fixtures.js";
import { probes } from "./probes.js";

const auth = deployment("auth", 4001);
const check = (object: typeof auth) => probes(environment("dev", [object]));
const at = "spec.template.spec.containers[0]";

describe("the probes rule", () => {
  it("passes a service with startup, liveness and readiness probes that differ", () => {
    expect(check(auth)).toEqual([]);
  });

  it("reports each missing probe, the startup probe for our Node images only", () => {
    const blind = changed(auth, (d) => {
      const [first] = d.spec.template.spec.containers;
      if (first)
        Object.assign(first, {
          startupProbe: undefined,
          livenessProbe: undefined,
          readinessProbe: undefined,
        });
    });
    const nats = changed(statefulSet("nats", 4222, "nats:2.10.24-alpine"), (s) => {
      const [first] = s.spec.template.spec.containers;
      if (first) first.startupProbe = undefined;
    });

    expect(check(blind).map((v) => v.path)).toEqual([
      `${at}.startupProbe`,
      `${at}.livenessProbe`,
      `${at}.readinessProbe`,
    ]);
    expect(check(nats)).toEqual([]);
  });

  it("reports a readiness probe identical to the liveness probe", () => {
    const same = changed(auth, (d) => {
      const [first] = d.spec.template.spec.containers;
      if (first) first.readinessProbe = first.livenessProbe;
    });

    expect(check(same)).toEqual([
      expect.objectContaining({
        path: `${at}.readinessProbe`,
        message: "is identical to the livenessProbe",
      }),
    ]);
  });

  it("reports a liveness probe on /readyz and a probe on a port the container does not name", () => {
    const wrong = changed(auth, (d) => {
      const [first] = d.spec.template.spec.containers;
      if (first) {
        first.livenessProbe = { httpGet: { path: "/readyz", port: "http" }, periodSeconds: 20 };
        first.startupProbe = { httpGet: { path: "/healthz", port: "htp" } };
      }
    });

    expect(check(wrong).map((v) => `${v.path}: ${v.message}`)).toEqual([
      `${at}.livenessProbe.httpGet.path: must not be /readyz: it fails with the dependencies`,
      `${at}.startupProbe.port: the container declares no port named htp`,
    ]);
  });
});
