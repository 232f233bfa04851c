import { describe, expect, it } from "vitest";
import { disruptionBudgets } from "./disruption-budgets.js";
import {
  autoscaler,
  changed,
  deployment,
  disruptionBudget,
  environment,
  statefulSet,
} from "./fixtures.js";
import type { Manifest } from "./manifest.js";

const check = (...objects: Manifest[]) =>
  disruptionBudgets(environment("prod", objects)).map((v) => `${v.kind}/${v.name} ${v.message}`);

describe("the disruption budget rule", () => {
  it("passes a single replica without a budget and several with one", () => {
    expect(check(deployment("auth", 4001))).toEqual([]);
    expect(
      check(deployment("expiration", 4004, { replicas: 2 }), disruptionBudget("expiration")),
    ).toEqual([]);
  });

  it("reports several replicas, or an autoscaler's minimum above one, with no budget", () => {
    expect(check(statefulSet("nats", 4222, "nats:2.10.24-alpine", 3))).toEqual([
      "StatefulSet/nats runs 3 replicas but no PodDisruptionBudget selects its pods",
    ]);
    expect(check(deployment("auth", 4001, { autoscaled: true }), autoscaler("auth"))).toEqual([
      "Deployment/auth runs 2 replicas but no PodDisruptionBudget selects its pods",
    ]);
  });

  it("reports a budget that selects nothing or forbids every eviction", () => {
    const blocking = changed(disruptionBudget("expiration"), (b) => {
      b.spec = {
        minAvailable: 2,
        selector: { matchLabels: { "app.kubernetes.io/name": "expiration" } },
      };
    });

    expect(check(disruptionBudget("orders"))).toEqual([
      "PodDisruptionBudget/orders selects no workload's pods",
    ]);
    expect(check(deployment("expiration", 4004, { replicas: 2 }), blocking)).toEqual([
      "PodDisruptionBudget/expiration 2 leaves no pod to evict: node drains would hang",
    ]);
  });

  it("reports a CloudNativePG Cluster of several instances with its budget turned off", () => {
    const cluster: Manifest = {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "auth-db" },
      spec: { instances: 3, enablePDB: false },
    };

    expect(check(cluster)).toEqual([
      "Cluster/auth-db must not be false: the instances need their budget",
    ]);
  });
});
