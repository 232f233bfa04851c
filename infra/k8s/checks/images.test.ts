import { describe, expect, it } from "vitest";
import { changed, deployment, environment, statefulSet } from "./fixtures.js";
import { images, isPinned, tagOf } from "./images.js";
import type { Manifest } from "./manifest.js";

const withImage = (image: string, imagePullPolicy?: "Always" | "IfNotPresent" | "Never") =>
  changed(deployment("auth", 4001), (d) => {
    const [first] = d.spec.template.spec.containers;
    if (first) Object.assign(first, { image, imagePullPolicy });
  });
const messages = (name: string, object: Manifest) =>
  images(environment(name, [object])).map((v) => v.message);

describe("the images rule", () => {
  it("reads tags past a registry's port and before a digest", () => {
    expect(tagOf("registry.local:5000/microtickets/auth")).toBeUndefined();
    expect(tagOf("registry.local:5000/microtickets/auth:1.2.0")).toBe("1.2.0");
    expect(isPinned("nats@sha256:abc")).toBe(true);
    expect(isPinned("nats:latest")).toBe(false);
  });

  it("passes pinned images in prod, and our untagged ones in dev where skaffold tags them", () => {
    expect(messages("prod", withImage("microtickets/auth:1.0.0"))).toEqual([]);
    expect(messages("dev", withImage("microtickets/auth"))).toEqual([]);
    expect(messages("dev", statefulSet("nats", 4222, "nats:2.10.24-alpine"))).toEqual([]);
  });

  it("reports an untagged or latest image in prod, and a third-party one in dev too", () => {
    expect(messages("prod", withImage("microtickets/auth"))).toEqual([
      "microtickets/auth is not pinned to a tag",
    ]);
    expect(messages("prod", withImage("microtickets/auth:latest"))).toEqual([
      "microtickets/auth:latest is not pinned to a tag",
    ]);
    expect(messages("dev", statefulSet("nats", 4222, "nats"))).toEqual([
      "nats is not pinned to a tag",
    ]);
  });

  it("reports pull policies that cannot work: Never in prod, Always for skaffold's images in dev", () => {
    expect(messages("prod", withImage("microtickets/auth:1.0.0", "Never"))).toEqual([
      "Never: a new node could not start the pod",
    ]);
    expect(messages("dev", withImage("microtickets/auth", "Always"))).toEqual([
      "Always: skaffold's local image is in no registry",
    ]);
    expect(messages("prod", withImage("microtickets/auth:1.0.0", "Always"))).toEqual([]);
  });

  it("reports a CloudNativePG Cluster on the operator's default image", () => {
    const cluster: Manifest = {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "auth-db" },
      spec: { instances: 3 },
    };
    const pinned = changed(cluster, (c) => {
      c.spec = { instances: 3, imageName: "ghcr.io/cloudnative-pg/postgresql:16.6" };
    });

    expect(messages("prod", cluster)).toEqual(["unset (the operator's default) is not pinned"]);
    expect(messages("prod", pinned)).toEqual([]);
  });
});
