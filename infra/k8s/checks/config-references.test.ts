import { describe, expect, it } from "vitest";
import { configReferences } from "./config-references.js";
import { changed, configMap, deployment, environment } from "./fixtures.js";
import type { Manifest } from "./manifest.js";

const auth = changed(deployment("auth", 4001), (d) => {
  const [first] = d.spec.template.spec.containers;
  if (first) {
    first.env = [
      { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "auth-db-app", key: "uri" } } },
      {
        name: "JWT_PUBLIC_KEY",
        valueFrom: { configMapKeyRef: { name: "session-public-key", key: "JWT_PUBLIC_KEY" } },
      },
      {
        name: "STRIPE_PUBLISHABLE_KEY",
        valueFrom: { configMapKeyRef: { name: "storefront-stripe", key: "KEY", optional: true } },
      },
    ];
    first.volumeMounts = [...(first.volumeMounts ?? []), { name: "ca", mountPath: "/etc/ca" }];
  }
  d.spec.template.spec.volumes = [
    ...(d.spec.template.spec.volumes ?? []),
    { name: "ca", secret: { secretName: "ca", items: [{ key: "ca.crt", path: "ca.crt" }] } },
  ];
});
const external = [
  { kind: "Secret" as const, name: "auth-db-app", keys: ["uri", "password"] },
  { kind: "Secret" as const, name: "ca", keys: ["ca.crt"] },
];
const present = [
  configMap("auth-config", { PORT: "4001" }),
  configMap("session-public-key", { JWT_PUBLIC_KEY: "PEM" }),
];
const check = (objects: Manifest[], known = external) =>
  configReferences(known)(environment("prod", objects)).map((v) => `${v.path}: ${v.message}`);

describe("the ConfigMap and Secret reference rule", () => {
  it("passes references to objects in the manifests or external, with their keys, and optional ones missing", () => {
    expect(check([auth, ...present])).toEqual([]);
  });

  it("reports an envFrom, a valueFrom and a volume whose object exists nowhere", () => {
    const at = "spec.template.spec";
    expect(check([auth], [])).toEqual([
      `${at}.containers[0].envFrom[0].configMapRef: ConfigMap auth-config is neither in the manifests nor external`,
      `${at}.containers[0].env[0].valueFrom.secretKeyRef: Secret auth-db-app is neither in the manifests nor external`,
      `${at}.containers[0].env[1].valueFrom.configMapKeyRef: ConfigMap session-public-key is neither in the manifests nor external`,
      `${at}.volumes[1].secret: Secret ca is neither in the manifests nor external`,
    ]);
  });

  it("reports a key the object does not have", () => {
    const noUri = [
      { kind: "Secret" as const, name: "auth-db-app", keys: ["password"] },
      external[1] ?? external[0],
    ];
    const wrongKey = configMap("session-public-key", { PUBLIC_KEY: "PEM" });

    expect(check([auth, present[0] as Manifest, wrongKey], noUri as typeof external)).toEqual([
      "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: Secret auth-db-app has no key uri",
      "spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef: ConfigMap session-public-key has no key JWT_PUBLIC_KEY",
    ]);
  });

  it("reports a CloudNativePG Cluster's bootstrap secret that exists nowhere", () => {
    const cluster: Manifest = {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: "auth-db" },
      spec: {
        instances: 3,
        bootstrap: { initdb: { database: "auth", owner: "auth", secret: { name: "auth-owner" } } },
      },
    };

    expect(check([cluster])).toEqual([
      "spec.bootstrap.initdb.secret.name: Secret auth-owner is neither in the manifests nor external",
    ]);
  });
});

describe("the certificate reference rule", () => {
  const ingress: Manifest = {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "microtickets" },
    spec: {
      ingressClassName: "nginx",
      tls: [{ hosts: ["example.com"], secretName: "microtickets-tls" }],
    },
  };
  const gateway: Manifest = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "microtickets" },
    spec: {
      gatewayClassName: "nginx",
      listeners: [
        {
          name: "https",
          protocol: "HTTPS",
          port: 443,
          tls: { certificateRefs: [{ kind: "Secret", name: "microtickets-tls" }] },
        },
      ],
    },
  };
  const tls = { kind: "Secret" as const, name: "microtickets-tls", keys: ["tls.crt", "tls.key"] };

  it("passes an Ingress and a Gateway serving a certificate that is external", () => {
    expect(check([ingress, gateway], [tls])).toEqual([]);
  });

  it("reports a certificate Secret that exists nowhere, or lacks its key", () => {
    expect(check([ingress, gateway], [])).toEqual([
      "spec.tls[0].secretName: Secret microtickets-tls is neither in the manifests nor external",
      "spec.listeners[0].tls.certificateRefs[0]: Secret microtickets-tls is neither in the manifests nor external",
    ]);
    expect(check([ingress], [{ ...tls, keys: ["tls.crt"] }])).toEqual([
      "spec.tls[0].secretName: Secret microtickets-tls has no key tls.key",
    ]);
  });
});
