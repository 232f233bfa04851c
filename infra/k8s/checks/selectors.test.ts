import { describe, expect, it } from "vitest";
import { selects, serviceSelects } from "./selectors.js";

const pod = { "app.kubernetes.io/name": "auth", "app.kubernetes.io/component": "api" };

describe("label selectors", () => {
  it("select an object when every matchLabels pair is among its labels", () => {
    expect(selects({ matchLabels: { "app.kubernetes.io/name": "auth" } }, pod)).toBe(true);
    expect(selects({ matchLabels: { "app.kubernetes.io/name": "orders" } }, pod)).toBe(false);
  });

  it("apply In, NotIn, Exists and DoesNotExist expressions", () => {
    const name = "app.kubernetes.io/name";
    expect(
      selects({ matchExpressions: [{ key: name, operator: "In", values: ["auth"] }] }, pod),
    ).toBe(true);
    expect(
      selects({ matchExpressions: [{ key: name, operator: "NotIn", values: ["auth"] }] }, pod),
    ).toBe(false);
    expect(selects({ matchExpressions: [{ key: "tier", operator: "Exists" }] }, pod)).toBe(false);
    expect(selects({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, pod)).toBe(
      true,
    );
  });

  it("treat an empty selector as everything and a missing one as nothing", () => {
    expect(selects({}, pod)).toBe(true);
    expect(selects(undefined, pod)).toBe(false);
  });

  it("let a Service with no selector pick no pods", () => {
    expect(serviceSelects({}, pod)).toBe(false);
    expect(serviceSelects({ "app.kubernetes.io/name": "auth" }, pod)).toBe(true);
  });
});
