import { Gateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import type { Environment } from "./environment.js";
import { NAMESPACE, objectMeta } from "./metadata.js";
import { LIVE_UPDATES_PATH, publicRoutes } from "./routes.js";

const GATEWAY = "microtickets";

/** A Gateway API entry point, for clusters that use one instead of (or beside) ingress-nginx. */
export function gateway(env: Environment) {
  const http = {
    name: "http",
    protocol: "HTTP",
    port: 80,
    allowedRoutes: { namespaces: { from: "Same" } },
  } as const;
  const https = env.tls && {
    name: "https",
    protocol: "HTTPS",
    port: 443,
    hostname: env.tls.host,
    tls: {
      mode: "Terminate" as const,
      certificateRefs: [{ kind: "Secret", name: env.tls.secretName }],
    },
    allowedRoutes: { namespaces: { from: "Same" as const } },
  };
  return new Gateway({
    metadata: objectMeta(GATEWAY),
    spec: {
      gatewayClassName: env.gateway.className,
      listeners: https ? [{ ...http, hostname: https.hostname }, https] : [http],
    },
  });
}

/**
 * The HTTPRoutes: the ingress's rules on the gateway, plus the live updates path with no
 * request timeout (`0s` turns it off), since its response is meant to last. With TLS (prod)
 * the routes are on the HTTPS listener and plain HTTP only redirects to it.
 */
export function httpRoutes(env: Environment) {
  const parent = { name: GATEWAY, namespace: NAMESPACE };
  const rules = publicRoutes().map(({ pathPrefix, backend }) => ({
    matches: [{ path: { type: "PathPrefix" as const, value: pathPrefix } }],
    backendRefs: [{ name: backend.name, port: backend.port }],
  }));
  const tickets = publicRoutes().find((route) => LIVE_UPDATES_PATH.startsWith(route.pathPrefix));
  if (!tickets) throw new Error(`no route serves ${LIVE_UPDATES_PATH}`);
  const liveUpdates = {
    matches: [
      { path: { type: "Exact" as const, value: LIVE_UPDATES_PATH }, method: "GET" as const },
    ],
    backendRefs: [{ name: tickets.backend.name, port: tickets.backend.port }],
    timeouts: { request: "0s" },
  };
  const hostnames = env.tls ? { hostnames: [env.tls.host] } : {};

  const routes = [
    new HTTPRoute({
      metadata: objectMeta(GATEWAY),
      spec: {
        parentRefs: [{ ...parent, ...(env.tls && { sectionName: "https" }) }],
        ...hostnames,
        rules: [liveUpdates, ...rules],
      },
    }),
  ];
  if (env.tls) {
    routes.push(
      new HTTPRoute({
        metadata: objectMeta(`${GATEWAY}-https-redirect`),
        spec: {
          parentRefs: [{ ...parent, sectionName: "http" }],
          ...hostnames,
          rules: [
            {
              filters: [
                { type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } },
              ],
            },
          ],
        },
      }),
    );
  }
  return routes;
}
