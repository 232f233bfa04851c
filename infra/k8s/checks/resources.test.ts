import { describe, expect, it } from "vitest";
import { changed, deployment, environment } from "./fixtures.js";
import type { Manifest } from "./manifest.js";
import { bytes, resources } from "./resources.js";

const auth = deployment("auth", 4001);
const at = "spec.template.spec.containers[0].resources";

describe("the resources rule", () => {
  it("passes cpu and memory requests with a memory limit", () => {
    expect(resources(environment("prod", [auth]))).toEqual([]);
  });

  it("reports each missing request and the missing memory limit", () => {
    const unsized = changed(auth, (d) => {
      const [first] = d.spec.template.spec.containers;
      if (first) first.resources = { limits: { cpu: "1" } };
    });

    expect(resources(environment("prod", [unsized])).map((v) => v.path)).toEqual([
      `${at}.requests.cpu`,
      `${at}.requests.memory`,
      `${at}.limits.memory`,
    ]);
  });

  it("reports a memory request above its limit", () => {
    const inverted = changed(auth, (d) => {
      const [first] = d.spec.template.spec.containers;
      if (first)
        first.resources = { requests: { cpu: "100m", memory: "1Gi" }, limits: { memory: "512Mi" } };
    });

    expect(resources(environment("prod", [inverted])).map((v) => v.message)).toEqual([
      "1Gi is above the limit 512Mi",
    ]);
  });

  it("checks a CloudNativePG Cluster's resources too", () => {
    const cluster: Manifest = {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "auth-db" },
      spec: { instances: 3, resources: { requests: { cpu: "500m", memory: "1Gi" } } },
    };

    expect(resources(environment("prod", [cluster])).map((v) => v.path)).toEqual([
      "spec.resources.limits.memory",
    ]);
  });

  it("reads memory quantities in binary and decimal units", () => {
    expect(bytes("256Mi")).toBe(256 * 2 ** 20);
    expect(bytes("1G")).toBe(1e9);
    expect(bytes(1024)).toBe(1024);
    expect(bytes("lots")).toBeNaN();
  });
});
