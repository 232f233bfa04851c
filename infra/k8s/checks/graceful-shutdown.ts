import type { ILifecycleHandler } from "kubernetes-models/v1/LifecycleHandler";
import { type Rule, type Violation, violation } from "./manifest.js";
import { below, child } from "./paths.js";
import { containersOf, LONG_RUNNING, podsOf } from "./workloads.js";

/** How long our services take to drain once they get SIGTERM (common/src/service/run-service.ts). */
export const DRAIN_SECONDS = 20;
/** What Kubernetes gives a pod when the spec does not say. */
const DEFAULT_GRACE_SECONDS = 30;

/**
 * A pod being replaced keeps serving while the endpoints forget it (the preStop pause), then
 * drains; the grace period covers both, or the kubelet kills requests in flight.
 */
export const gracefulShutdown: Rule = (env) =>
  podsOf(env)
    .filter((pod) => LONG_RUNNING.has(pod.owner.kind))
    .flatMap((pod) => {
      const grace = pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
      return containersOf(pod)
        .filter(({ init }) => !init)
        .flatMap(({ container, path }): Violation[] => {
          const preStop = container.lifecycle?.preStop;
          if (!preStop) return [violation(pod.owner, below(path, "lifecycle.preStop"), "missing")];
          const pause = pauseOf(preStop);
          if (grace > pause + DRAIN_SECONDS) return [];
          return [
            violation(
              pod.owner,
              child(pod.path, "terminationGracePeriodSeconds"),
              `${grace} s must exceed the preStop pause (${pause} s) plus the ${DRAIN_SECONDS} s drain`,
            ),
          ];
        });
    });

/** Seconds a preStop hook waits: a `sleep` action or an exec of `sleep N`; 0 for anything else. */
export function pauseOf(hook: ILifecycleHandler): number {
  if (hook.sleep) return hook.sleep.seconds;
  const command = (hook.exec?.command ?? []).join(" ");
  const seconds = command.match(/(?:^|[\s;&/])sleep\s+(\d+)/)?.[1];
  return seconds === undefined ? 0 : Number(seconds);
}
