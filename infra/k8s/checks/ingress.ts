import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { IService } from "kubernetes-models/v1/Service";
import { CONTRACT_ROUTES } from "./contract-routes.js";
import {
  type Environment,
  type Manifest,
  ofKind,
  type Rule,
  sameNamespace,
  type Violation,
  violation,
} from "./manifest.js";

type ServicePort = { number?: number; name?: string } | undefined;

/** The Service port `port` names on `service` (by number or by name), if it has one. */
export function servicePort(
  env: Environment,
  from: Manifest,
  name: string,
  port: ServicePort | number,
) {
  const service = ofKind<IService>(env, "Service").find(
    (s) => s.metadata.name === name && sameNamespace(s, from),
  );
  if (!service) return { service: undefined, port: undefined };
  const wanted = typeof port === "number" ? { number: port } : (port ?? {});
  const found = (service.spec?.ports ?? []).find((p) =>
    wanted.number !== undefined ? p.port === wanted.number : p.name === wanted.name,
  );
  return { service, port: found };
}

/**
 * Every Ingress backend is a Service port that exists; and the Ingresses route the contract's
 * paths (Prefix) to the right Services, for the nginx class, with no configuration snippets
 * (they run arbitrary nginx directives: ingress-nginx disables them by default, CVE-2021-25742).
 */
export const ingress: Rule = (env) => {
  const ingresses = ofKind<IIngress>(env, "Ingress");
  const found: Violation[] = [];
  const paths = ingresses.flatMap((object) =>
    (object.spec?.rules ?? []).flatMap((rule, r) =>
      (rule.http?.paths ?? []).map((path, p) => ({
        object,
        path,
        at: `spec.rules[${r}].http.paths[${p}]`,
      })),
    ),
  );
  for (const { object, path, at } of paths) {
    const backend = path.backend.service;
    if (!backend) {
      found.push(violation(object, `${at}.backend`, "must name a Service"));
      continue;
    }
    const { service, port } = servicePort(env, object, backend.name, backend.port);
    if (!service)
      found.push(
        violation(object, `${at}.backend.service.name`, `Service ${backend.name} does not exist`),
      );
    else if (!port) {
      found.push(
        violation(
          object,
          `${at}.backend.service.port`,
          `Service ${backend.name} has no port ${JSON.stringify(backend.port)}`,
        ),
      );
    }
  }
  for (const object of ingresses) {
    if (object.spec?.ingressClassName !== "nginx") {
      found.push(
        violation(
          object,
          "spec.ingressClassName",
          `must be nginx, is ${object.spec?.ingressClassName ?? "unset"}`,
        ),
      );
    }
    for (const annotation of Object.keys(object.metadata.annotations ?? {})) {
      if (annotation.includes("snippet")) {
        found.push(
          violation(
            object,
            `metadata.annotations[${JSON.stringify(annotation)}]`,
            "no controller snippets",
          ),
        );
      }
    }
  }
  const at =
    ingresses[0] ??
    ({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "microtickets" },
    } as Manifest);
  for (const route of CONTRACT_ROUTES) {
    const routed = paths.some(({ object, path }) => {
      const backend = path.backend.service;
      return (
        path.path === route.path &&
        path.pathType === "Prefix" &&
        backend?.name === route.service &&
        servicePort(env, object, backend.name, backend.port).port?.port === route.port
      );
    });
    if (!routed) {
      found.push(
        violation(
          at,
          "spec.rules",
          `no Prefix path ${route.path} to Service ${route.service} port ${route.port}`,
        ),
      );
    }
  }
  return found;
};
