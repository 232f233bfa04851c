import { type Rule, type Violation, violation } from "./manifest.js";
import { below } from "./paths.js";
import { containersOf, podsOf } from "./workloads.js";

/**
 * Every container runs as a numeric non-root user, with a read-only root filesystem, no
 * privilege escalation, no capabilities and the runtime's seccomp profile: what the
 * namespace's `restricted` Pod Security level enforces, checked before the API server refuses.
 * Settings a container inherits from the pod's securityContext count.
 */
export const securityContext: Rule = (env) =>
  podsOf(env).flatMap((pod) =>
    containersOf(pod).flatMap(({ container, path }): Violation[] => {
      const own = container.securityContext ?? {};
      const inherited = pod.spec.securityContext ?? {};
      const at = (field: string) => below(path, `securityContext.${field}`);
      const found: Violation[] = [];
      const report = (field: string, message: string) =>
        found.push(violation(pod.owner, at(field), message));

      if ((own.runAsNonRoot ?? inherited.runAsNonRoot) !== true) {
        report("runAsNonRoot", "must be true (in the container's or the pod's securityContext)");
      }
      const user = own.runAsUser ?? inherited.runAsUser;
      if (user === undefined || user === 0) {
        report(
          "runAsUser",
          `must be a numeric non-zero uid, is ${user ?? "unset (the image decides)"}`,
        );
      }
      const seccomp = own.seccompProfile ?? inherited.seccompProfile;
      if (seccomp?.type !== "RuntimeDefault") {
        report("seccompProfile.type", `must be RuntimeDefault, is ${seccomp?.type ?? "unset"}`);
      }
      if (own.readOnlyRootFilesystem !== true) {
        report("readOnlyRootFilesystem", "must be true (write to an emptyDir instead)");
      }
      if (own.allowPrivilegeEscalation !== false) {
        report("allowPrivilegeEscalation", "must be false");
      }
      if (!own.capabilities?.drop?.includes("ALL")) {
        report("capabilities.drop", "must include ALL");
      }
      return found;
    }),
  );
