import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { Environment } from "./environment.js";
import { objectMeta } from "./metadata.js";
import { publicRoutes } from "./routes.js";

/**
 * The ingress-nginx Ingress. No controller-specific annotations: the SSE path needs none
 * (tickets sets `X-Accel-Buffering: no`, which nginx honours), and the defaults suit the rest.
 * With TLS (prod) the controller redirects plain HTTP to HTTPS, as the Secure cookie needs.
 */
export function ingress(env: Environment) {
  const paths = publicRoutes().map(({ pathPrefix, backend }) => ({
    path: pathPrefix,
    pathType: "Prefix" as const,
    backend: { service: { name: backend.name, port: { number: backend.port } } },
  }));
  return new Ingress({
    metadata: objectMeta("microtickets"),
    spec: {
      ingressClassName: "nginx",
      ...(env.tls && { tls: [{ hosts: [env.tls.host], secretName: env.tls.secretName }] }),
      rules: [{ ...(env.tls && { host: env.tls.host }), http: { paths } }],
    },
  });
}
