import { describe, expect, it } from "vitest";
import { changed, deployment, environment } from "./fixtures.js";
import { rollingUpdate } from "./rollout.js";

const auth = deployment("auth", 4001);
const check = (object = auth) =>
  rollingUpdate(environment("prod", [object])).map((v) => `${v.path}: ${v.message}`);

describe("the rolling update rule", () => {
  it("passes a RollingUpdate with maxUnavailable 0 and maxSurge 1", () => {
    expect(check()).toEqual([]);
  });

  it("reports the default strategy (25% unavailable) and Recreate", () => {
    const defaulted = changed(auth, (d) => {
      d.spec.strategy = undefined;
    });
    const recreate = changed(auth, (d) => {
      d.spec.strategy = { type: "Recreate" };
    });

    expect(check(defaulted)).toEqual([
      "spec.strategy.rollingUpdate.maxUnavailable: must be 0, is unset (25%)",
    ]);
    expect(check(recreate)).toEqual(["spec.strategy.type: must be RollingUpdate, not Recreate"]);
  });

  it("reports a rollout that can neither remove nor add a pod", () => {
    const stuck = changed(auth, (d) => {
      d.spec.strategy = {
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: 0, maxSurge: "0%" },
      };
    });

    expect(check(stuck)).toEqual([
      "spec.strategy.rollingUpdate.maxSurge: must be above 0 when maxUnavailable is 0",
    ]);
  });
});
