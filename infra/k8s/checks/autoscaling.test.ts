import { describe, expect, it } from "vitest";
import { autoscaling, minimumReplicas } from "./autoscaling.js";
import { autoscaler, changed, deployment, environment } from "./fixtures.js";

const scaled = deployment("auth", 4001, { autoscaled: true });

describe("the autoscaling rule", () => {
  it("passes an autoscaler of a Deployment that leaves replicas to it", () => {
    const env = environment("prod", [scaled, autoscaler("auth")]);

    expect(autoscaling(env)).toEqual([]);
    expect(minimumReplicas(env, scaled)).toBe(2);
  });

  it("reports a Deployment whose fixed replicas would fight its autoscaler", () => {
    const fixed = deployment("auth", 4001, { replicas: 3 });

    expect(autoscaling(environment("prod", [fixed, autoscaler("auth")]))).toEqual([
      expect.objectContaining({ kind: "Deployment", path: "spec.replicas" }),
    ]);
  });

  it("reports an autoscaler of a Deployment that does not exist, or of another kind", () => {
    const statefulSetTarget = changed(autoscaler("nats"), (h) => {
      h.spec = {
        ...(h.spec as object),
        scaleTargetRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "nats" },
      };
    });

    expect(autoscaling(environment("prod", [autoscaler("orders")])).map((v) => v.message)).toEqual([
      "Deployment orders does not exist",
    ]);
    expect(autoscaling(environment("prod", [statefulSetTarget])).map((v) => v.message)).toEqual([
      "must target an apps/v1 Deployment, targets apps/v1/StatefulSet",
    ]);
  });
});
