import type { IGateway } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import {
  type Environment,
  type Manifest,
  ofKind,
  type Rule,
  type Violation,
  violation,
} from "./manifest.js";
import { type ExternalObject, find, knownObjects, referencesOf } from "./references.js";
import { clustersOf, containersOf, podsOf } from "./workloads.js";

/**
 * Every ConfigMap and Secret a pod reads (envFrom, valueFrom, volumes) exists in the
 * environment or among the objects it expects to be made outside it, with the keys read:
 * otherwise the kubelet never starts the container. Optional references may be missing. The
 * same for a CloudNativePG Cluster's secrets and the certificates of Ingresses and Gateways.
 */
export const configReferences =
  (external: readonly ExternalObject[]): Rule =>
  (env) => {
    const known = knownObjects(env, external);
    const found = new Map<string, Violation>();
    const add = (v: Violation) => found.set(`${v.kind}/${v.name} ${v.path}: ${v.message}`, v);
    for (const pod of podsOf(env)) {
      for (const at of containersOf(pod)) {
        for (const ref of referencesOf(pod, at)) {
          if (ref.optional) continue;
          const object = find(known, ref.kind, ref.name);
          if (!object) {
            add(
              violation(
                pod.owner,
                ref.path,
                `${ref.kind} ${ref.name} is neither in the manifests nor external`,
              ),
            );
            continue;
          }
          for (const key of ref.keys ?? []) {
            if (!object.keys.includes(key)) {
              add(violation(pod.owner, ref.path, `${ref.kind} ${ref.name} has no key ${key}`));
            }
          }
        }
      }
    }
    for (const cluster of clustersOf(env)) {
      const secrets: [string, string | undefined][] = [
        ["spec.bootstrap.initdb.secret.name", cluster.spec?.bootstrap?.initdb?.secret?.name],
        ["spec.superuserSecret.name", cluster.spec?.superuserSecret?.name],
      ];
      for (const [path, name] of secrets) {
        if (name !== undefined && !find(known, "Secret", name)) {
          add(violation(cluster, path, `Secret ${name} is neither in the manifests nor external`));
        }
      }
    }
    for (const { object, path, name } of certificatesOf(env)) {
      const secret = find(known, "Secret", name);
      if (!secret)
        add(violation(object, path, `Secret ${name} is neither in the manifests nor external`));
      for (const key of TLS_KEYS) {
        if (secret && !secret.keys.includes(key))
          add(violation(object, path, `Secret ${name} has no key ${key}`));
      }
    }
    return [...found.values()];
  };

/** What a TLS Secret holds (kubernetes.io/tls): the certificate chain and its key. */
const TLS_KEYS = ["tls.crt", "tls.key"];

/** The certificate Secrets an Ingress or a Gateway's listeners serve HTTPS with. */
function certificatesOf(env: Environment): { object: Manifest; path: string; name: string }[] {
  const ingresses = ofKind<IIngress>(env, "Ingress").flatMap((ingress) =>
    (ingress.spec?.tls ?? []).flatMap((tls, index) =>
      tls.secretName
        ? [
            {
              object: ingress as Manifest,
              path: `spec.tls[${index}].secretName`,
              name: tls.secretName,
            },
          ]
        : [],
    ),
  );
  const gateways = ofKind<IGateway>(env, "Gateway").flatMap((gateway) =>
    gateway.spec.listeners.flatMap((listener, l) =>
      (listener.tls?.certificateRefs ?? [])
        .map((ref, r) => ({ ref, path: `spec.listeners[${l}].tls.certificateRefs[${r}]` }))
        .filter(({ ref }) => (ref.kind ?? "Secret") === "Secret" && (ref.group ?? "") === "")
        .map(({ ref, path }) => ({ object: gateway as Manifest, path, name: ref.name })),
    ),
  );
  return [...ingresses, ...gateways];
}
