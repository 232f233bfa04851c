import { isProd, type Rule, type Violation, violation } from "./manifest.js";
import { child } from "./paths.js";
import { builtImageName, clustersOf, containersOf, podsOf } from "./workloads.js";

/** The tag of an image reference (`nats:2.10.24-alpine` → `2.10.24-alpine`), if it has one. */
export function tagOf(image: string): string | undefined {
  const [name = ""] = image.split("@");
  const last = name.slice(name.lastIndexOf("/") + 1);
  return last.includes(":") ? last.slice(last.indexOf(":") + 1) : undefined;
}

/** Pinned: a digest, or a tag that is not `latest` (a moving tag deploys whatever it is today). */
export const isPinned = (image: string): boolean =>
  image.includes("@") || ![undefined, "latest"].includes(tagOf(image));

/**
 * Every image is pinned (in dev, skaffold tags the images it builds, so ours may go without),
 * and its pull policy can work: in prod a node must be able to pull (never `Never`); in dev
 * skaffold loads what it builds into the cluster, which no registry has (never `Always`).
 */
export const images: Rule = (env) => {
  const found: Violation[] = [];
  for (const pod of podsOf(env)) {
    for (const { container, path } of containersOf(pod)) {
      const image = container.image ?? "";
      const built = builtImageName(image) !== undefined;
      if (!isPinned(image) && (isProd(env) || !built)) {
        found.push(
          violation(
            pod.owner,
            child(path, "image"),
            `${image || "no image"} is not pinned to a tag`,
          ),
        );
      }
      const policy = container.imagePullPolicy;
      if (isProd(env) && policy === "Never") {
        found.push(
          violation(
            pod.owner,
            child(path, "imagePullPolicy"),
            "Never: a new node could not start the pod",
          ),
        );
      }
      if (!isProd(env) && built && policy === "Always") {
        found.push(
          violation(
            pod.owner,
            child(path, "imagePullPolicy"),
            "Always: skaffold's local image is in no registry",
          ),
        );
      }
    }
  }
  for (const cluster of clustersOf(env)) {
    const image = cluster.spec?.imageName;
    if (image === undefined || !isPinned(image)) {
      found.push(
        violation(
          cluster,
          "spec.imageName",
          `${image ?? "unset (the operator's default)"} is not pinned`,
        ),
      );
    }
  }
  return found;
};
