import type { IService } from "kubernetes-models/v1/Service";
import { ofKind, type Rule, sameNamespace, type Violation, violation } from "./manifest.js";
import { child } from "./paths.js";
import { serviceSelects } from "./selectors.js";
import { containersOf, podsOf } from "./workloads.js";

/**
 * Every Service has pods behind it, and each port it forwards to is one those pods' containers
 * declare (by name or number): a typo here is a Service with no endpoints, found only live.
 */
export const services: Rule = (env) =>
  ofKind<IService>(env, "Service").flatMap((service): Violation[] => {
    if (service.spec?.type === "ExternalName") return [];
    const selector = service.spec?.selector;
    const pods = podsOf(env).filter(
      (pod) => sameNamespace(pod.owner, service) && serviceSelects(selector, pod.labels),
    );
    if (pods.length === 0) {
      return [
        violation(
          service,
          "spec.selector",
          `selects no workload's pods (${JSON.stringify(selector ?? {})})`,
        ),
      ];
    }
    const containerPorts = pods.flatMap((pod) =>
      containersOf(pod)
        .filter(({ init }) => !init)
        .flatMap(({ container }) => container.ports ?? []),
    );
    return (service.spec?.ports ?? []).flatMap((port, index) => {
      const target = port.targetPort ?? port.port;
      const exists = containerPorts.some((p) =>
        typeof target === "string" ? p.name === target : p.containerPort === target,
      );
      if (exists) return [];
      const owners = pods.map((pod) => `${pod.owner.kind}/${pod.owner.metadata.name}`).join(", ");
      const at = child(child(child("spec", "ports"), index), "targetPort");
      return [violation(service, at, `no container of ${owners} declares port ${target}`)];
    });
  });
