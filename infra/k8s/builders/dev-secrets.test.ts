import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { SESSION_ALGORITHM } from "@microtickets/common";
import { describe, expect, it } from "vitest";
import { databaseOwners } from "../deployables.js";
import { plain } from "../environments.js";
import { devSecrets } from "./dev-secrets.js";

interface Made {
  kind: string;
  type?: string;
  metadata: { name: string; namespace: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

const made = () => devSecrets().map(plain) as Made[];
const valuesOf = (objects: Made[], name: string) => {
  const object = objects.find((candidate) => candidate.metadata.name === name);
  if (!object) throw new Error(`no ${name}`);
  return { ...object.data, ...object.stringData };
};

describe("dev's generated secrets", () => {
  it("hold a session key pair auth can sign with and the services verify (Ed25519 PEM)", () => {
    const objects = made();
    const { JWT_PRIVATE_KEY = "" } = valuesOf(objects, "auth-session-key");
    const { JWT_PUBLIC_KEY = "" } = valuesOf(objects, "session-public-key");
    const signature = sign(null, Buffer.from("a session"), createPrivateKey(JWT_PRIVATE_KEY));

    expect(JWT_PRIVATE_KEY).toContain("-----BEGIN PRIVATE KEY-----");
    expect(JWT_PUBLIC_KEY).toContain("-----BEGIN PUBLIC KEY-----");
    expect(createPublicKey(JWT_PUBLIC_KEY).asymmetricKeyType).toBe("ed25519");
    expect(verify(null, Buffer.from("a session"), JWT_PUBLIC_KEY, signature)).toBe(true);
    // JOSE's EdDSA, as common/src/http/session.ts verifies sessions, signs with Ed25519 keys.
    expect(SESSION_ALGORITHM).toBe("EdDSA");
  });

  it("give each database owner a <svc>-db-app secret whose uri logs in as it, as CloudNativePG's does", () => {
    const objects = made();

    for (const { name } of databaseOwners()) {
      const secret = valuesOf(objects, `${name}-db-app`);
      expect(secret.username).toBe(name);
      expect(secret.dbname).toBe(name);
      expect(secret.uri).toBe(`postgres://${name}:${secret.password}@postgres:5432/${name}`);
    }
  });

  it("give payments the emulator's key and a webhook signing secret", () => {
    const stripe = valuesOf(made(), "payments-stripe");

    expect(stripe.STRIPE_SECRET_KEY).toBe("sk_test_emulator");
    expect(stripe.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_\w{32,}$/);
  });

  it("are fresh on every run", () => {
    const [first, second] = [made(), made()];

    for (const name of [
      "auth-session-key",
      "payments-stripe",
      "postgres-superuser",
      "auth-db-app",
    ]) {
      expect(valuesOf(first, name), name).not.toEqual(valuesOf(second, name));
    }
  });

  it("are all in the microtickets namespace", () => {
    expect(new Set(made().map((object) => object.metadata.namespace))).toEqual(
      new Set(["microtickets"]),
    );
  });
});
