import type { IService } from "kubernetes-models/v1/Service";
import {
  type Environment,
  type Manifest,
  ofKind,
  type Rule,
  sameNamespace,
  type Violation,
  violation,
} from "./manifest.js";
import {
  type ExternalObject,
  find,
  knownObjects,
  referencesOf,
  variablesOf,
} from "./references.js";
import { containersOf, type Pod, podsOf } from "./workloads.js";

/** The port a URL means when it names none. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  nats: 4222,
  tls: 4222,
  redis: 6379,
  rediss: 6379,
  postgres: 5432,
  postgresql: 5432,
};

const URL_PATTERN = /\b([a-z][a-z0-9+.-]*):\/\/(?:[^\s/@"']+@)?([a-z0-9][a-z0-9.-]*)(?::(\d+))?/gi;

/** Where a URL in a pod's configuration points: a Service of the environment, and its port. */
export interface ServiceUrl {
  pod: Pod;
  /** The variable (or ConfigMap key of a mounted file) it was read from. */
  source: string;
  /** Where that is written in the pod's owner. */
  path: string;
  url: string;
  service: IService & Manifest;
  port: number;
}

/** The URLs in a text that name a Service of the environment by a host name (`nats`, `nats-0.nats-headless`). */
function urlsIn(
  env: Environment,
  from: Manifest,
  text: string,
): { url: string; service: IService & Manifest; port: number }[] {
  const services = ofKind<IService>(env, "Service").filter((service) =>
    sameNamespace(service, from),
  );
  return [...text.matchAll(URL_PATTERN)].flatMap(([url, scheme = "", host = "", port]) => {
    // `svc`, `svc.namespace…`, or `pod.headless-svc…`: the Service is the first or second label.
    const [first, second] = host.split(".");
    const service =
      services.find((s) => s.metadata.name === first) ??
      services.find((s) => s.metadata.name === second);
    const number = port ? Number(port) : DEFAULT_PORTS[scheme.toLowerCase()];
    return service && number !== undefined ? [{ url, service, port: number }] : [];
  });
}

/**
 * Every URL a pod is configured with that points at one of the environment's Services: its
 * variables (literal or from a ConfigMap) and the ConfigMap files it mounts.
 */
export function serviceUrlsOf(env: Environment, external: readonly ExternalObject[]): ServiceUrl[] {
  const known = knownObjects(env, external);
  return podsOf(env).flatMap((pod) =>
    containersOf(pod).flatMap((at) => {
      const fromVariables = [...variablesOf(at, known).values()].flatMap((variable) =>
        urlsIn(env, pod.owner, variable.value ?? "").map((url) => ({
          ...url,
          pod,
          source: variable.name,
          path: variable.path,
        })),
      );
      const fromFiles = referencesOf(pod, at)
        .filter((ref) => ref.kind === "ConfigMap" && ref.path.includes(".volumes["))
        .flatMap((ref) => {
          const values = find(known, "ConfigMap", ref.name)?.values ?? {};
          return Object.entries(values).flatMap(([key, text]) =>
            urlsIn(env, pod.owner, text).map((url) => ({
              ...url,
              pod,
              source: `${ref.name}/${key}`,
              path: ref.path,
            })),
          );
        });
      return [...fromVariables, ...fromFiles];
    }),
  );
}

/** A URL naming a Service with a port the Service does not expose: the connection is refused. */
export const serviceUrls =
  (external: readonly ExternalObject[]): Rule =>
  (env) => {
    const seen = new Set<string>();
    return serviceUrlsOf(env, external).flatMap(
      ({ pod, source, path, url, service, port }): Violation[] => {
        if ((service.spec?.ports ?? []).some((p) => p.port === port)) return [];
        const line = `${pod.owner.metadata.name} ${path} ${url}`;
        if (seen.has(line)) return [];
        seen.add(line);
        return [
          violation(
            pod.owner,
            path,
            `${source} points at ${url}, but Service ${service.metadata.name} has no port ${port}`,
          ),
        ];
      },
    );
  };
