import { describe, expect, it } from "vitest";
import { changed, deployment, environment } from "./fixtures.js";
import { topologySpread } from "./topology-spread.js";

const auth = deployment("auth", 4001);
const check = (name: string, object = auth) =>
  topologySpread(environment(name, [object])).map((v) => v.message);

describe("the topology spread rule", () => {
  it("passes a prod Deployment spread over zones and nodes by its own labels", () => {
    expect(check("prod")).toEqual([]);
  });

  it("reports each missing spread in prod, and asks nothing of dev", () => {
    const bunched = changed(auth, (d) => {
      d.spec.template.spec.topologySpreadConstraints = undefined;
    });

    expect(check("prod", bunched)).toEqual([
      "no constraint spreads over topology.kubernetes.io/zone",
      "no constraint spreads over kubernetes.io/hostname",
    ]);
    expect(check("dev", bunched)).toEqual([]);
  });

  it("reports a constraint whose selector misses the pods it should spread", () => {
    const elsewhere = changed(auth, (d) => {
      for (const constraint of d.spec.template.spec.topologySpreadConstraints ?? []) {
        constraint.labelSelector = { matchLabels: { "app.kubernetes.io/name": "orders" } };
      }
    });

    expect(check("prod", elsewhere)).toEqual([
      "the topology.kubernetes.io/zone constraint's labelSelector does not select the pods themselves",
      "the kubernetes.io/hostname constraint's labelSelector does not select the pods themselves",
    ]);
  });
});
