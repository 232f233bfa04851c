import { isDeepStrictEqual } from "node:util";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { type Rule, type Violation, violation } from "./manifest.js";
import { below } from "./paths.js";
import { builtImageName, containersOf, LONG_RUNNING, podsOf } from "./workloads.js";

type ProbeField = "startupProbe" | "livenessProbe" | "readinessProbe";

/**
 * Every long-running container says when it is alive and when it is ready, and the two
 * differ: a liveness probe that fails with a dependency restarts every pod during an outage.
 * Our Node services also have a startup probe, since they migrate before they listen.
 */
export const probes: Rule = (env) =>
  podsOf(env)
    .filter((pod) => LONG_RUNNING.has(pod.owner.kind))
    .flatMap((pod) =>
      containersOf(pod)
        .filter(({ init }) => !init)
        .flatMap(({ container, path }): Violation[] => {
          const found: Violation[] = [];
          const report = (field: string, message: string) =>
            found.push(violation(pod.owner, below(path, field), message));
          const required: ProbeField[] = ["livenessProbe", "readinessProbe"];
          if (builtImageName(container.image)) required.unshift("startupProbe");
          for (const field of required) {
            if (!container[field]) report(field, "missing");
          }
          const { livenessProbe, readinessProbe } = container;
          if (livenessProbe && readinessProbe && isDeepStrictEqual(livenessProbe, readinessProbe)) {
            report("readinessProbe", "is identical to the livenessProbe");
          }
          if (livenessProbe?.httpGet?.path === "/readyz") {
            report(
              "livenessProbe.httpGet.path",
              "must not be /readyz: it fails with the dependencies",
            );
          }
          for (const field of ["startupProbe", "livenessProbe", "readinessProbe"] as const) {
            const port = portOf(container[field]);
            if (typeof port === "string" && !declaresPort(container, port)) {
              report(`${field}.port`, `the container declares no port named ${port}`);
            }
          }
          return found;
        }),
    );

function portOf(probe: IProbe | undefined): number | string | undefined {
  return probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
}

const declaresPort = (container: IContainer, name: string) =>
  (container.ports ?? []).some((port) => port.name === name);
