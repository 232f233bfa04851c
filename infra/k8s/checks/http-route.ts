import type { IGateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import type { IHTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { CONTRACT_ROUTES, LIVE_UPDATES } from "./contract-routes.js";
import { servicePort } from "./ingress.js";
import { type Manifest, ofKind, type Rule, type Violation, violation } from "./manifest.js";

type RouteRule = NonNullable<NonNullable<IHTTPRoute["spec"]>["rules"]>[number];

const GATEWAY_GROUP = "gateway.networking.k8s.io";

const matchesPath = (rule: RouteRule, path: string, types: string[]) =>
  (rule.matches ?? []).some(
    (match) => match.path?.value === path && types.includes(match.path.type ?? "PathPrefix"),
  );

const sendsTo = (rule: RouteRule, service: string, port: number) =>
  (rule.backendRefs ?? []).some((ref) => ref.name === service && ref.port === port);

/**
 * The Gateway API's route to the same contract as the Ingress: every backend a Service port
 * that exists, every parent a Gateway (and listener) that exists, the contract's paths, and
 * the live updates with no request timeout (they are one response that never ends).
 */
export const httpRoute: Rule = (env) => {
  const routes = ofKind<IHTTPRoute>(env, "HTTPRoute");
  const gateways = ofKind<IGateway>(env, "Gateway");
  const found: Violation[] = [];
  for (const route of routes) {
    (route.spec?.parentRefs ?? []).forEach((ref, index) => {
      if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? "Gateway") !== "Gateway")
        return;
      const namespace = ref.namespace ?? route.metadata.namespace ?? "";
      const gateway = gateways.find(
        (g) => g.metadata.name === ref.name && (g.metadata.namespace ?? "") === namespace,
      );
      const at = `spec.parentRefs[${index}]`;
      if (!gateway) found.push(violation(route, at, `Gateway ${ref.name} does not exist`));
      else if (ref.sectionName && !gateway.spec.listeners.some((l) => l.name === ref.sectionName)) {
        found.push(
          violation(
            route,
            `${at}.sectionName`,
            `Gateway ${ref.name} has no listener ${ref.sectionName}`,
          ),
        );
      }
    });
    (route.spec?.rules ?? []).forEach((rule, r) => {
      (rule.backendRefs ?? []).forEach((ref, b) => {
        if ((ref.group ?? "") !== "" || (ref.kind ?? "Service") !== "Service") return;
        const at = `spec.rules[${r}].backendRefs[${b}]`;
        const { service, port } = servicePort(env, route, ref.name, ref.port ?? -1);
        if (!service)
          found.push(violation(route, `${at}.name`, `Service ${ref.name} does not exist`));
        else if (!port)
          found.push(violation(route, `${at}.port`, `Service ${ref.name} has no port ${ref.port}`));
      });
    });
  }
  const at: Manifest = routes[0] ?? {
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: "HTTPRoute",
    metadata: { name: "microtickets" },
  };
  if (gateways.length === 0)
    found.push(violation(at, "spec.parentRefs", "no Gateway in the environment"));
  const rules = routes.flatMap((route) => route.spec?.rules ?? []);
  for (const route of CONTRACT_ROUTES) {
    if (
      !rules.some(
        (rule) =>
          matchesPath(rule, route.path, ["PathPrefix"]) && sendsTo(rule, route.service, route.port),
      )
    ) {
      found.push(
        violation(
          at,
          "spec.rules",
          `no PathPrefix ${route.path} to Service ${route.service} port ${route.port}`,
        ),
      );
    }
  }
  const { path, service, port } = LIVE_UPDATES;
  const live = rules.find(
    (rule) => matchesPath(rule, path, ["PathPrefix", "Exact"]) && sendsTo(rule, service, port),
  );
  if (!live) {
    found.push(
      violation(at, "spec.rules", `no rule for ${path} to Service ${service} port ${port}`),
    );
  } else if (live.timeouts?.request !== "0s") {
    found.push(
      violation(
        at,
        "spec.rules",
        `${path} must have timeouts.request "0s" (an event stream never ends)`,
      ),
    );
  }
  return found;
};
