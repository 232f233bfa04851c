import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import { apis, type Deployable, deployable, uses } from "../deployables.js";
import { sizingOf } from "../sizing.js";
import type { Environment } from "./environment.js";
import {
  databaseSecret,
  SESSION_PRIVATE_KEY_SECRET,
  SESSION_PUBLIC_KEY_CONFIGMAP,
  STOREFRONT_STRIPE_CONFIGMAP,
  STRIPE_SECRET,
} from "./references.js";

export const NATS_URL = "nats://nats:4222";
export const REDIS_URL = "redis://redis:6379";

const serviceUrl = (entry: Deployable) => `http://${entry.name}:${entry.port}`;

/**
 * A workload's plain settings, its ConfigMap: what it is, where its infrastructure is, and
 * nothing secret. Each variable is one the workload reads (its config.ts).
 */
export function settingsOf(entry: Deployable, env: Environment): Record<string, string> {
  const settings: Record<string, string> = { NODE_ENV: "production", PORT: String(entry.port) };
  const heap = sizingOf(entry.name).nodeHeapMb;
  // A young generation of 2 MB, not 16: about 10 MB less resident per process (README, "Run on
  // Kubernetes"), with no throughput cost the rush could tell from its noise.
  if (heap) settings.NODE_OPTIONS = `--max-old-space-size=${heap} --max-semi-space-size=2`;
  if (uses(entry, "nats")) {
    settings.NATS_URL = NATS_URL;
    settings.BUS_STREAM_REPLICAS = String(env.busStreamReplicas);
  }
  if (uses(entry, "redis")) settings.REDIS_URL = REDIS_URL;
  // One proxy in front: the ingress controller or the gateway, so req.ip is the client's.
  if (entry.component === "api") settings.TRUST_PROXY_HOPS = "1";

  const emulator = env.name === "dev" ? serviceUrl(deployable("stripe-emulator")) : undefined;
  if (uses(entry, "stripe") && emulator) settings.STRIPE_API_BASE = emulator;
  if (entry.component === "storefront") {
    // Straight to each API's Service: one hop less than through the ingress.
    for (const api of apis()) settings[`${api.name.toUpperCase()}_API_URL`] = serviceUrl(api);
    settings.NEXT_TELEMETRY_DISABLED = "1";
    // Next's standalone server binds HOSTNAME, which Kubernetes sets to the pod's name.
    settings.HOSTNAME = "0.0.0.0";
    // The emulator's 3-D Secure page is driven from the storefront's server.
    if (emulator) settings.STRIPE_API_BASE = emulator;
  }
  if (entry.name === "stripe-emulator") {
    const payments = deployable("payments");
    settings.STRIPE_WEBHOOK_URL = `${serviceUrl(payments)}${payments.route}/webhook`;
  }
  return { ...settings, ...entry.settings };
}

const fromSecret = (name: string, secret: string, key = name): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});

const fromConfigMap = (name: string, configMap: string, optional?: boolean): IEnvVar => ({
  name,
  valueFrom: { configMapKeyRef: { name: configMap, key: name, ...(optional && { optional }) } },
});

/**
 * What a workload reads from objects its environment does not contain (references.ts): only
 * what it needs, key by key, so a pod never holds another's secret.
 */
export function referencedEnvOf(entry: Deployable, env: Environment): IEnvVar[] {
  const vars: IEnvVar[] = [];
  if (uses(entry, "db")) vars.push(fromSecret("DATABASE_URL", databaseSecret(entry.name), "uri"));
  if (entry.sessions) {
    vars.push(fromConfigMap("JWT_PUBLIC_KEY", SESSION_PUBLIC_KEY_CONFIGMAP));
    // The other keys of a rotation, set only while one is under way (external.ts).
    vars.push(fromConfigMap("SESSION_PUBLIC_KEYS", SESSION_PUBLIC_KEY_CONFIGMAP, true));
  }
  if (entry.sessions === "signs") {
    vars.push(fromSecret("JWT_PRIVATE_KEY", SESSION_PRIVATE_KEY_SECRET));
  }
  if (uses(entry, "stripe")) {
    vars.push(fromSecret("STRIPE_SECRET_KEY", STRIPE_SECRET));
    vars.push(fromSecret("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET));
  }
  // The emulator signs the webhooks payments checks: the same secret, never the API key.
  if (entry.name === "stripe-emulator")
    vars.push(fromSecret("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET));
  if (entry.component === "storefront" && env.name === "prod") {
    vars.push(fromConfigMap("STRIPE_PUBLISHABLE_KEY", STOREFRONT_STRIPE_CONFIGMAP, true));
  }
  return vars;
}
