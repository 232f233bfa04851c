import { type Rule, type Violation, violation } from "./manifest.js";
import { below, child } from "./paths.js";
import { containersOf, podsOf } from "./workloads.js";

/** No pod reaches into its node: no host namespaces, host paths, host ports or privileged containers. */
export const hostAccess: Rule = (env) =>
  podsOf(env).flatMap((pod): Violation[] => {
    const found: Violation[] = [];
    for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) {
      if (pod.spec[field] === true) {
        found.push(
          violation(pod.owner, child(pod.path, field), "must not share the node's namespace"),
        );
      }
    }
    (pod.spec.volumes ?? []).forEach((volume, index) => {
      if (volume.hostPath) {
        const path = child(child(child(pod.path, "volumes"), index), "hostPath");
        found.push(
          violation(pod.owner, path, `volume ${volume.name} must not mount the node's files`),
        );
      }
    });
    for (const { container, path } of containersOf(pod)) {
      if (container.securityContext?.privileged === true) {
        found.push(
          violation(pod.owner, below(path, "securityContext.privileged"), "must not be privileged"),
        );
      }
      (container.ports ?? []).forEach((port, index) => {
        if (port.hostPort !== undefined) {
          const at = child(child(child(path, "ports"), index), "hostPort");
          found.push(violation(pod.owner, at, "must not bind a port of the node"));
        }
      });
    }
    return found;
  });
