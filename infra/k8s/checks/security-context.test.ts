import { describe, expect, it } from "vitest";
import { changed, deployment, environment } from "./fixtures.js";
import { securityContext } from "./security-context.js";

const auth = deployment("auth", 4001);
const check = (object = auth) => securityContext(environment("dev", [object]));
const container = "spec.template.spec.containers[0].securityContext";

describe("the security context rule", () => {
  it("passes a container that inherits its user and seccomp profile from the pod", () => {
    expect(check()).toEqual([]);
  });

  it("reports every setting missing from both the pod and the container", () => {
    const bare = changed(auth, (d) => {
      d.spec.template.spec.securityContext = undefined;
      const [first] = d.spec.template.spec.containers;
      if (first) first.securityContext = undefined;
    });

    expect(check(bare).map((v) => v.path)).toEqual(
      [
        "runAsNonRoot",
        "runAsUser",
        "seccompProfile.type",
        "readOnlyRootFilesystem",
        "allowPrivilegeEscalation",
        "capabilities.drop",
      ].map((field) => `${container}.${field}`),
    );
  });

  it("reports root (uid 0) even when the container overrides a good pod setting", () => {
    const root = changed(auth, (d) => {
      const [first] = d.spec.template.spec.containers;
      if (first?.securityContext) first.securityContext.runAsUser = 0;
    });

    expect(check(root)).toEqual([
      expect.objectContaining({
        path: `${container}.runAsUser`,
        message: expect.stringContaining("is 0"),
      }),
    ]);
  });

  it("accepts the settings on the container instead of the pod", () => {
    const own = changed(auth, (d) => {
      d.spec.template.spec.securityContext = undefined;
      const [first] = d.spec.template.spec.containers;
      if (first) {
        first.securityContext = {
          ...first.securityContext,
          runAsNonRoot: true,
          runAsUser: 10001,
          seccompProfile: { type: "RuntimeDefault" },
        };
      }
    });

    expect(check(own)).toEqual([]);
  });

  it("reports a capability list without ALL and an Unconfined seccomp profile", () => {
    const loose = changed(auth, (d) => {
      const [first] = d.spec.template.spec.containers;
      if (first?.securityContext) first.securityContext.capabilities = { drop: ["NET_RAW"] };
      if (d.spec.template.spec.securityContext) {
        d.spec.template.spec.securityContext.seccompProfile = { type: "Unconfined" };
      }
    });

    expect(check(loose).map((v) => v.message)).toEqual([
      "must be RuntimeDefault, is Unconfined",
      "must include ALL",
    ]);
  });
});
