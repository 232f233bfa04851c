import { describe, expect, it } from "vitest";
import { changed, deployment, service } from "./fixtures.js";
import type { Manifest } from "./manifest.js";
import { checkSchema } from "./schema.js";

const auth = deployment("auth", 4001);
const messages = (object: Manifest) =>
  checkSchema(object).violations.map(({ path, message }) => `${path}: ${message}`);

describe("schema validation", () => {
  it("passes a Deployment, a Service, an HTTPRoute and a CloudNativePG Cluster as the design has them", () => {
    const route: Manifest = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "microtickets" },
      spec: {
        parentRefs: [{ name: "microtickets" }],
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: "/api/tickets/updates" } }],
            backendRefs: [{ name: "tickets", port: 4002 }],
            timeouts: { request: "0s" },
          },
        ],
      },
    };
    const cluster: Manifest = {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "auth-db" },
      spec: {
        instances: 3,
        imageName: "ghcr.io/cloudnative-pg/postgresql:16.6",
        storage: { size: "10Gi" },
        bootstrap: { initdb: { database: "auth", owner: "auth" } },
        postgresql: { parameters: { max_connections: "200" } },
        ephemeralVolumeSource: {
          volumeClaimTemplate: {
            metadata: { labels: { a: "b" } },
            spec: { accessModes: ["ReadWriteOnce"] },
          },
        },
      },
    };

    for (const object of [auth, service("auth", 4001), route, cluster]) {
      expect(checkSchema(object)).toEqual({ valid: true, violations: [] });
    }
  });

  it("reports a value of the wrong type, with each type the field accepts", () => {
    const bad = changed(auth, (d) => {
      d.spec.strategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: true } };
    });

    expect(checkSchema(bad).valid).toBe(false);
    expect(messages(bad)).toEqual([
      "spec.strategy.rollingUpdate.maxUnavailable: must be string or must be integer",
    ]);
  });

  it("reports a missing required field and a value outside an enum", () => {
    const route: Manifest = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "r" },
      spec: {
        rules: [
          { matches: [{ path: { type: "Prefix", value: "/" } }], backendRefs: [{ port: 80 }] },
        ],
      },
    };

    expect(messages(route)).toEqual([
      "spec.rules[0].backendRefs[0]: must have required property 'name'",
      "spec.rules[0].matches[0].path.type: must be equal to one of the allowed values (Exact, PathPrefix, RegularExpression)",
    ]);
  });

  it("fails an object of a kind it has no schema for", () => {
    const unknown = {
      apiVersion: "autoscaling/v1",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "x" },
    };

    expect(checkSchema(unknown).valid).toBe(false);
    expect(checkSchema(unknown).violations.map((v) => v.message)).toEqual([
      "unknown kind autoscaling/v1/HorizontalPodAutoscaler: no schema for it",
    ]);
  });

  it("reports a field the schema does not define, as a misspelt readinesProbe", () => {
    const misspelt = changed(auth, (d) => {
      const [first] = d.spec.template.spec.containers;
      if (!first) throw new Error("the fixture has a container");
      const { readinessProbe, ...rest } = first;
      d.spec.template.spec.containers[0] = {
        ...rest,
        readinesProbe: readinessProbe,
      } as typeof first;
    });

    expect(checkSchema(misspelt).valid).toBe(true);
    expect(messages(misspelt)).toEqual([
      "spec.template.spec.containers[0].readinesProbe: field not defined by the schema (misspelt or misplaced?)",
    ]);
  });

  it("finds unknown fields at any depth, in custom resources too, but not among labels", () => {
    const cluster: Manifest = {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "auth-db", labels: { anything: "goes" } },
      spec: { instances: 3, storage: { size: "1Gi", sise: "2Gi" }, replicas: 3 },
    };

    expect(messages(cluster)).toEqual([
      "spec.storage.sise: field not defined by the schema (misspelt or misplaced?)",
      "spec.replicas: field not defined by the schema (misspelt or misplaced?)",
    ]);
  });
});
