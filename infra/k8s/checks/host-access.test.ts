import { describe, expect, it } from "vitest";
import { changed, deployment, environment } from "./fixtures.js";
import { hostAccess } from "./host-access.js";

const auth = deployment("auth", 4001);
const check = (object = auth) => hostAccess(environment("prod", [object]));

describe("the host access rule", () => {
  it("passes a pod that keeps to itself", () => {
    expect(check()).toEqual([]);
  });

  it("reports host namespaces, a hostPath volume, a host port and a privileged container", () => {
    const intrusive = changed(auth, (d) => {
      const pod = d.spec.template.spec;
      pod.hostNetwork = true;
      pod.hostPID = true;
      pod.volumes = [
        ...(pod.volumes ?? []),
        { name: "docker", hostPath: { path: "/var/run/docker.sock" } },
      ];
      const [first] = pod.containers;
      if (first) {
        first.securityContext = { ...first.securityContext, privileged: true };
        first.ports = [{ containerPort: 4001, hostPort: 4001 }];
      }
    });

    expect(check(intrusive).map((v) => v.path)).toEqual([
      "spec.template.spec.hostNetwork",
      "spec.template.spec.hostPID",
      "spec.template.spec.volumes[1].hostPath",
      "spec.template.spec.containers[0].securityContext.privileged",
      "spec.template.spec.containers[0].ports[0].hostPort",
    ]);
  });
});
