import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { devSecrets } from "./builders/dev-secrets.js";
import { DEPLOYABLES, databaseOwners } from "./deployables.js";
import {
  ENVIRONMENT_NAMES,
  type EnvironmentName,
  environmentModels,
  plain,
  renderEnvironment,
} from "./environments.js";
import { DEV_EXTERNAL_OBJECTS, PROD_EXTERNAL_OBJECTS } from "./external.js";
import { environmentDir, generatedFiles, writeCommand } from "./generated-files.js";

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

interface Pod {
  owner: K8sObject;
  /** Its pods' app.kubernetes.io/name. */
  name: string;
  spec: IPodSpec;
}

const objects = (env: EnvironmentName) => renderEnvironment(env) as K8sObject[];

function podsOf(env: EnvironmentName): Pod[] {
  return objects(env).flatMap((owner) => {
    if (owner.kind !== "Deployment" && owner.kind !== "StatefulSet") return [];
    const template = owner.spec?.template as {
      metadata: { labels: Record<string, string> };
      spec: IPodSpec;
    };
    return [
      {
        owner,
        name: template.metadata.labels["app.kubernetes.io/name"] ?? "",
        spec: template.spec,
      },
    ];
  });
}

const containersOf = (pod: Pod): IContainer[] => [
  ...(pod.spec.initContainers ?? []),
  ...pod.spec.containers,
];

/** Every Secret or ConfigMap a pod reads, with the keys it reads of each (undefined: all). */
function readsOf(pod: Pod): { kind: "Secret" | "ConfigMap"; name: string; key?: string }[] {
  const reads = containersOf(pod).flatMap((container) => [
    ...(container.envFrom ?? []).flatMap((source) => [
      ...(source.configMapRef
        ? [{ kind: "ConfigMap" as const, name: source.configMapRef.name ?? "" }]
        : []),
      ...(source.secretRef ? [{ kind: "Secret" as const, name: source.secretRef.name ?? "" }] : []),
    ]),
    ...(container.env ?? []).flatMap(({ valueFrom }) => [
      ...(valueFrom?.configMapKeyRef
        ? [
            {
              kind: "ConfigMap" as const,
              ...valueFrom.configMapKeyRef,
              name: valueFrom.configMapKeyRef.name ?? "",
            },
          ]
        : []),
      ...(valueFrom?.secretKeyRef
        ? [
            {
              kind: "Secret" as const,
              ...valueFrom.secretKeyRef,
              name: valueFrom.secretKeyRef.name ?? "",
            },
          ]
        : []),
    ]),
  ]);
  const volumes = (pod.spec.volumes ?? []).flatMap((volume) => [
    ...(volume.configMap
      ? [{ kind: "ConfigMap" as const, name: volume.configMap.name ?? "" }]
      : []),
    ...(volume.secret ? [{ kind: "Secret" as const, name: volume.secret.secretName ?? "" }] : []),
  ]);
  return [...reads, ...volumes].map(({ kind, name, ...rest }) => ({
    kind,
    name,
    ...("key" in rest && typeof rest.key === "string" && { key: rest.key }),
  }));
}

describe.each(ENVIRONMENT_NAMES)("the %s environment", (env) => {
  it("is committed under infra/k8s/<env>/ exactly as the sources render it now", () => {
    const expected = generatedFiles(env);
    const dir = environmentDir(env);
    const committed = readdirSync(dir).sort();
    const stale = `infra/k8s/${env}/ is stale: run \`${writeCommand(env)}\` and commit the result`;

    expect(committed, stale).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) {
      expect(readFileSync(join(dir, file), "utf8"), `${file}: ${stale}`).toBe(text);
    }
  });

  it("holds only objects that validate against their kind's schema", () => {
    const models = environmentModels(env).flatMap((file) => file.objects);

    expect(models.length).toBeGreaterThan(0);
    for (const model of models) expect(() => model.validate()).not.toThrow();
  });

  it("gives only auth's pod the session private key", () => {
    const holders = podsOf(env).filter((pod) =>
      readsOf(pod).some((read) => read.kind === "Secret" && read.name === "auth-session-key"),
    );

    expect(holders.map((pod) => pod.name)).toEqual(["auth"]);
  });

  it("gives the storefront no database, bus, Redis, session key or Stripe secret", () => {
    const client = podsOf(env).find((pod) => pod.name === "client");
    if (!client) throw new Error("no storefront pod");
    const settings = objects(env).find((object) => object.metadata.name === "client-config")?.data;
    const variables = [
      ...Object.keys(settings ?? {}),
      ...containersOf(client).flatMap((container) => (container.env ?? []).map((v) => v.name)),
    ];

    expect(readsOf(client).filter((read) => read.kind === "Secret")).toEqual([]);
    expect(variables).not.toContain("DATABASE_URL");
    expect(variables).not.toContain("NATS_URL");
    expect(variables).not.toContain("REDIS_URL");
    expect(variables.filter((name) => name.startsWith("JWT_"))).toEqual([]);
    expect(variables).not.toContain("STRIPE_SECRET_KEY");
    expect(variables).not.toContain("STRIPE_WEBHOOK_SECRET");
  });

  it("reads only Secrets and ConfigMaps it contains or expects to be made outside it", () => {
    const external = env === "dev" ? DEV_EXTERNAL_OBJECTS : PROD_EXTERNAL_OBJECTS;
    const known = [
      ...objects(env)
        .filter((object) => object.kind === "Secret" || object.kind === "ConfigMap")
        .map((object) => ({
          kind: object.kind,
          name: object.metadata.name,
          keys: Object.keys({ ...object.data, ...object.stringData }),
        })),
      ...external,
    ];

    for (const pod of podsOf(env)) {
      for (const read of readsOf(pod)) {
        const found = known.find(
          (object) => object.kind === read.kind && object.name === read.name,
        );
        expect(found, `${pod.name} reads ${read.kind} ${read.name}`).toBeDefined();
        if (read.key)
          expect(found?.keys, `${pod.name} reads ${read.name}/${read.key}`).toContain(read.key);
      }
    }
  });
});

describe("the environments' differences", () => {
  it("prod's HTTP Deployments leave replicas to their autoscaler", () => {
    const prod = objects("prod");
    const autoscaled = prod
      .filter((object) => object.kind === "HorizontalPodAutoscaler")
      .map((hpa) => (hpa.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name);
    const routed = DEPLOYABLES.filter((entry) => entry.route && !entry.devOnly).map((e) => e.name);

    expect(autoscaled.sort()).toEqual(routed.sort());
    for (const name of autoscaled) {
      const deployment = prod.find((o) => o.kind === "Deployment" && o.metadata.name === name);
      expect(deployment?.spec, name).not.toHaveProperty("replicas");
    }
  });

  it("prod's databases acknowledge a commit only once a standby has it too", () => {
    const clusters = objects("prod").filter((object) => object.kind === "Cluster");

    expect(clusters.map((cluster) => cluster.metadata.name).sort()).toEqual(
      databaseOwners()
        .map((entry) => `${entry.name}-db`)
        .sort(),
    );
    for (const cluster of clusters) {
      expect(cluster.spec, cluster.metadata.name).toMatchObject({
        instances: 3,
        postgresql: { synchronous: { method: "any", number: 1 } },
      });
    }
  });

  it("prod runs every image at a pinned version, dev leaves ours for skaffold to tag", () => {
    const images = (env: EnvironmentName) =>
      podsOf(env).flatMap((pod) => pod.spec.containers.map((container) => container.image ?? ""));

    for (const image of images("prod")) expect(image).toMatch(/:[\w.-]+$/);
    expect(images("prod")).not.toContainEqual(expect.stringMatching(/:latest$/));
    expect(images("dev")).toContain("microtickets/auth");
  });

  it("dev secrets are never in the committed YAML", () => {
    const dir = environmentDir("dev");
    const texts = readdirSync(dir).map((file) => readFileSync(join(dir, file), "utf8"));
    const committed = texts.flatMap((text) =>
      parseAllDocuments(text).map((doc) => doc.toJS() as K8sObject),
    );
    const generated = devSecrets().map(plain) as K8sObject[];
    const isGenerated = (object: K8sObject) =>
      generated.some((g) => g.kind === object.kind && g.metadata.name === object.metadata.name);

    expect(committed.filter((object) => object.kind === "Secret")).toEqual([]);
    expect(committed.filter(isGenerated)).toEqual([]);
    expect(texts.join("\n")).not.toContain("PRIVATE KEY");
    expect(texts.join("\n")).not.toMatch(/whsec_\w/);
  });

  it("the Stripe emulator exists in dev only, and prod's payments talk to Stripe itself", () => {
    const names = (env: EnvironmentName) => podsOf(env).map((pod) => pod.name);
    const paymentsSettings = objects("prod").find((o) => o.metadata.name === "payments-config");

    expect(names("dev")).toContain("stripe-emulator");
    expect(names("prod")).not.toContain("stripe-emulator");
    expect(paymentsSettings?.data).not.toHaveProperty("STRIPE_API_BASE");
  });
});
