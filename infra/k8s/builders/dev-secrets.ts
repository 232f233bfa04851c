import { generateKeyPairSync, randomBytes } from "node:crypto";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { databaseOwners } from "../deployables.js";
import { objectMeta } from "./metadata.js";
import {
  databaseSecret,
  POSTGRES_SUPERUSER_SECRET,
  SESSION_PRIVATE_KEY_SECRET,
  SESSION_PUBLIC_KEY_CONFIGMAP,
  STRIPE_SECRET,
} from "./references.js";

/** What `npm start` generates (infra/launcher/keys.ts) and auth verifies with (EdDSA). */
export function sessionKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync("ed25519", {
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
}

/** Hex: safe inside a URI's userinfo and a shell variable alike. */
const randomSecret = () => randomBytes(24).toString("hex");

/** Dev's Stripe is the emulator, which accepts its one test key. */
export const EMULATOR_SECRET_KEY = "sk_test_emulator";
const DEV_POSTGRES_HOST = "postgres";

/**
 * dev's Secrets and the session public key, with fresh values: what prod's operator and
 * CloudNativePG make (../external.ts), made here for a laptop's cluster. Never committed:
 * skaffold applies them when the namespace has none yet.
 */
export function devSecrets() {
  const keys = sessionKeyPair();
  const databases = databaseOwners().map(({ name }) => {
    const password = randomSecret();
    // The keys CloudNativePG gives `<cluster>-app`; dev's postgres creates the role from `password`.
    return new Secret({
      metadata: objectMeta(databaseSecret(name)),
      type: "kubernetes.io/basic-auth",
      stringData: {
        username: name,
        password,
        dbname: name,
        host: DEV_POSTGRES_HOST,
        port: "5432",
        uri: `postgres://${name}:${password}@${DEV_POSTGRES_HOST}:5432/${name}`,
      },
    });
  });
  return [
    new Secret({
      metadata: objectMeta(SESSION_PRIVATE_KEY_SECRET),
      type: "Opaque",
      stringData: { JWT_PRIVATE_KEY: keys.privateKey },
    }),
    new ConfigMap({
      metadata: objectMeta(SESSION_PUBLIC_KEY_CONFIGMAP),
      // No rotation under way: no other key (SESSION_PUBLIC_KEYS is where a rotation puts them).
      data: { JWT_PUBLIC_KEY: keys.publicKey, SESSION_PUBLIC_KEYS: "" },
    }),
    new Secret({
      metadata: objectMeta(STRIPE_SECRET),
      type: "Opaque",
      stringData: {
        STRIPE_SECRET_KEY: EMULATOR_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: `whsec_${randomSecret()}`,
      },
    }),
    new Secret({
      metadata: objectMeta(POSTGRES_SUPERUSER_SECRET),
      type: "kubernetes.io/basic-auth",
      stringData: { username: "postgres", password: randomSecret() },
    }),
    ...databases,
  ];
}
