import { isProd, type Rule, type Violation, violation } from "./manifest.js";
import {
  type ExternalObject,
  find,
  knownObjects,
  referencesOf,
  variablesOf,
} from "./references.js";
import { containersOf, podsOf } from "./workloads.js";

/** Who may hold a secret: workload names (their pods' `app.kubernetes.io/name`). */
type Holders = (match: RegExpMatchArray, dev: boolean) => string[];

/** Each Secret key that must reach only some workloads; `*` for every key of the Secret. */
const SECRET_HOLDERS: readonly { secret: RegExp; key: string; holders: Holders }[] = [
  // The session signing key: whoever holds it can mint any user's session.
  { secret: /^auth-session-key$/, key: "*", holders: () => ["auth"] },
  { secret: /^payments-stripe$/, key: "STRIPE_SECRET_KEY", holders: () => ["payments"] },
  // The emulator signs the webhooks payments verifies, with the same secret (dev only).
  {
    secret: /^payments-stripe$/,
    key: "STRIPE_WEBHOOK_SECRET",
    holders: (_, dev) => (dev ? ["payments", "stripe-emulator"] : ["payments"]),
  },
  // A service's database credentials; in dev, the postgres pod creates the role with them.
  {
    secret: /^(.+)-db-app$/,
    key: "*",
    holders: ([, service = ""], dev) => (dev ? [service, "postgres"] : [service]),
  },
];

/** Variables that carry a secret whatever object they come from. */
const VARIABLE_HOLDERS: readonly { variable: RegExp; holders: (dev: boolean) => string[] }[] = [
  { variable: /^JWT_PRIVATE_KEY$/, holders: () => ["auth"] },
  { variable: /^STRIPE_SECRET_KEY$/, holders: () => ["payments"] },
  {
    variable: /^STRIPE_WEBHOOK_SECRET$/,
    holders: (dev) => (dev ? ["payments", "stripe-emulator"] : ["payments"]),
  },
];

/** The storefront is on the internet's side of the APIs: it holds nothing they hold. */
const STOREFRONT = "client";
const NOT_FOR_THE_STOREFRONT =
  /^(DATABASE_URL|NATS_URL|REDIS_URL|JWT_.*|SESSION_PUBLIC_KEYS|STRIPE_SECRET_KEY|STRIPE_WEBHOOK_SECRET)$/;

/**
 * No workload is given a secret it must not hold, by a reference to the Secret (a whole
 * `envFrom` or volume hands over every key) or by a variable's name.
 */
export const secretExposure =
  (external: readonly ExternalObject[]): Rule =>
  (env) => {
    const dev = !isProd(env);
    const known = knownObjects(env, external);
    const found: Violation[] = [];
    for (const pod of podsOf(env)) {
      for (const at of containersOf(pod)) {
        for (const ref of referencesOf(pod, at).filter((r) => r.kind === "Secret")) {
          const keys = ref.keys ?? find(known, "Secret", ref.name)?.keys ?? ["*"];
          for (const rule of SECRET_HOLDERS) {
            const match = ref.name.match(rule.secret);
            if (!match) continue;
            const exposed =
              rule.key === "*" ? keys : keys.filter((key) => key === rule.key || key === "*");
            if (exposed.length > 0 && !rule.holders(match, dev).includes(pod.name)) {
              const what =
                rule.key === "*" ? `Secret ${ref.name}` : `${rule.key} of Secret ${ref.name}`;
              found.push(
                violation(
                  pod.owner,
                  ref.path,
                  `${pod.name} must not hold ${what} (only ${rule.holders(match, dev).join(", ")})`,
                ),
              );
            }
          }
        }
        for (const variable of variablesOf(at, known).values()) {
          const rule = VARIABLE_HOLDERS.find((r) => r.variable.test(variable.name));
          if (rule && !rule.holders(dev).includes(pod.name)) {
            const only = rule.holders(dev).join(", ");
            found.push(
              violation(
                pod.owner,
                variable.path,
                `${pod.name} must not hold ${variable.name} (only ${only})`,
              ),
            );
          } else if (pod.name === STOREFRONT && NOT_FOR_THE_STOREFRONT.test(variable.name)) {
            found.push(
              violation(
                pod.owner,
                variable.path,
                `the storefront must not be given ${variable.name}`,
              ),
            );
          }
        }
      }
    }
    return found;
  };
