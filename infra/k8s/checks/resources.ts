import { type Rule, violation } from "./manifest.js";
import { child } from "./paths.js";
import { clustersOf, containersOf, podsOf } from "./workloads.js";

interface Resources {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}

/**
 * Every container asks for CPU and memory (the scheduler places it, the autoscaler measures
 * against it) and has a memory limit (a leak is killed, not the node's neighbours). No CPU
 * limit is asked for: throttling would only slow the pods down.
 */
export const resources: Rule = (env) => [
  ...podsOf(env).flatMap((pod) =>
    containersOf(pod).flatMap(({ container, path }) =>
      resourceViolations(container.resources, child(path, "resources")).map(([at, message]) =>
        violation(pod.owner, at, message),
      ),
    ),
  ),
  ...clustersOf(env).flatMap((cluster) =>
    resourceViolations(cluster.spec?.resources as Resources | undefined, "spec.resources").map(
      ([at, message]) => violation(cluster, at, message),
    ),
  ),
];

function resourceViolations(resources: Resources | undefined, path: string): [string, string][] {
  const found: [string, string][] = [];
  for (const name of ["cpu", "memory"]) {
    if (resources?.requests?.[name] === undefined)
      found.push([`${path}.requests.${name}`, "missing"]);
  }
  const limit = resources?.limits?.memory;
  const request = resources?.requests?.memory;
  if (limit === undefined) {
    found.push([`${path}.limits.memory`, "missing"]);
  } else if (request !== undefined && bytes(request) > bytes(limit)) {
    found.push([`${path}.requests.memory`, `${request} is above the limit ${limit}`]);
  }
  return found;
}

const SUFFIXES: Readonly<Record<string, number>> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A memory quantity (`256Mi`, `1G`, `1e9`) in bytes; NaN when it is not one we read. */
export function bytes(quantity: string | number): number {
  const match = `${quantity}`.match(/^([0-9.]+(?:e[0-9]+)?)([kMGT]i?|Ki)?$/);
  const factor = SUFFIXES[match?.[2] ?? ""];
  return match && factor !== undefined ? Number(match[1]) * factor : Number.NaN;
}
