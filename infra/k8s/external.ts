import { devSecrets } from "./builders/dev-secrets.js";
import {
  databaseCluster,
  databaseSecret,
  SESSION_PRIVATE_KEY_SECRET,
  SESSION_PUBLIC_KEY_CONFIGMAP,
  STOREFRONT_STRIPE_CONFIGMAP,
  STRIPE_SECRET,
} from "./builders/references.js";
import { DEPLOYABLES, type Deployable, databaseOwners, uses } from "./deployables.js";
import { ENVIRONMENTS, plain } from "./environments.js";

/** An object prod's workloads read that prod's manifests never contain. */
export interface ExternalObject {
  kind: "Secret" | "ConfigMap";
  name: string;
  /** Its Secret type, where Kubernetes checks one. */
  type?: "Opaque" | "kubernetes.io/basic-auth" | "kubernetes.io/tls";
  /** The keys it must have; CloudNativePG's secrets have more, these are the ones read. */
  keys: readonly string[];
  madeBy: string;
  readBy: readonly string[];
  /** A missing optional object is no error: the workload runs without it. */
  optional?: boolean;
}

const readers = (test: (entry: Deployable) => boolean) =>
  DEPLOYABLES.filter((entry) => !entry.devOnly && test(entry)).map((entry) => entry.name);

const tls = ENVIRONMENTS.prod.tls;

/**
 * Everything prod expects to exist in the namespace, with who makes it: the operator (once,
 * before the first apply, and on every rotation) or CloudNativePG (as it bootstraps a cluster).
 * dev makes the same objects with `npm run k8s:dev-secrets` (builders/dev-secrets.ts).
 */
export const PROD_EXTERNAL_OBJECTS: readonly ExternalObject[] = [
  {
    kind: "Secret",
    name: SESSION_PRIVATE_KEY_SECRET,
    type: "Opaque",
    keys: ["JWT_PRIVATE_KEY"],
    madeBy: "the operator: an Ed25519 private key, PKCS#8 PEM (openssl genpkey -algorithm ed25519)",
    readBy: readers((entry) => entry.sessions === "signs"),
  },
  {
    kind: "ConfigMap",
    name: SESSION_PUBLIC_KEY_CONFIGMAP,
    keys: ["JWT_PUBLIC_KEY", "SESSION_PUBLIC_KEYS"],
    madeBy:
      "the operator: the public key of auth-session-key, SPKI PEM (openssl pkey -pubout); while a key is rotated, also SESSION_PUBLIC_KEYS, the other public keys (PEMs one after another): first add the next key there everywhere, then switch auth-session-key and JWT_PUBLIC_KEY to it with the previous key there, and remove that one after SESSION_TTL_SECONDS",
    readBy: readers((entry) => entry.sessions !== undefined),
  },
  {
    kind: "Secret",
    name: STRIPE_SECRET,
    type: "Opaque",
    keys: ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"],
    madeBy:
      "the operator: the Stripe account's secret (or restricted) key, and the signing secret of the webhook endpoint https://<host>/api/payments/webhook",
    readBy: readers((entry) => uses(entry, "stripe")),
  },
  {
    kind: "ConfigMap",
    name: STOREFRONT_STRIPE_CONFIGMAP,
    keys: ["STRIPE_PUBLISHABLE_KEY"],
    madeBy: "the operator, optionally: without it the storefront offers only Stripe's test cards",
    readBy: readers((entry) => entry.component === "storefront"),
    optional: true,
  },
  ...databaseOwners().map(
    ({ name }): ExternalObject => ({
      kind: "Secret",
      name: databaseSecret(name),
      type: "kubernetes.io/basic-auth",
      keys: ["username", "password", "dbname", "host", "port", "uri"],
      madeBy: `CloudNativePG, bootstrapping the Cluster ${databaseCluster(name)} (postgres.yaml)`,
      readBy: [name],
    }),
  ),
  ...(tls
    ? [
        {
          kind: "Secret",
          name: tls.secretName,
          type: "kubernetes.io/tls",
          keys: ["tls.crt", "tls.key"],
          madeBy: `the operator or cert-manager: the certificate of ${tls.host}`,
          readBy: ["the ingress controller", "the gateway"],
        } satisfies ExternalObject,
      ]
    : []),
];

/** What the prod cluster must run before prod is applied: the manifests need their APIs. */
export const PROD_PREREQUISITES: readonly { what: string; why: string }[] = [
  { what: "ingress-nginx in namespace ingress-nginx", why: "ingress.yaml (class nginx)" },
  {
    what: "the Gateway API CRDs and an implementation (class nginx, e.g. NGINX Gateway Fabric in nginx-gateway)",
    why: "gateway.yaml",
  },
  { what: "CloudNativePG's operator in namespace cnpg-system", why: "postgres.yaml (Cluster)" },
  { what: "metrics-server", why: "the HorizontalPodAutoscalers' CPU metrics" },
  { what: "a CNI that enforces NetworkPolicies", why: "network-policies.yaml" },
  { what: "a default StorageClass", why: "the NATS, Redis and PostgreSQL volumes" },
];

/**
 * What dev expects to exist without containing it: what `npm run k8s:dev-secrets` makes (the
 * same names as prod's, plus dev postgres's superuser), with their keys.
 */
export const DEV_EXTERNAL_OBJECTS: readonly Pick<ExternalObject, "kind" | "name" | "keys">[] =
  devSecrets().map((model) => {
    const object = plain(model) as {
      kind: "Secret" | "ConfigMap";
      metadata: { name: string };
      data?: Record<string, string>;
      stringData?: Record<string, string>;
    };
    return {
      kind: object.kind,
      name: object.metadata.name,
      keys: Object.keys({ ...object.data, ...object.stringData }),
    };
  });
