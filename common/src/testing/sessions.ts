import { generateKeyPairSync, randomUUID } from "node:crypto";
import { importPKCS8, SignJWT } from "jose";
import {
  type CurrentUser,
  importSessionPublicKey,
  SESSION_ALGORITHM,
  SESSION_AUDIENCE,
  SESSION_COOKIE,
  SESSION_ISSUER,
  type SessionPublicKey,
} from "../http/session.js";

export function generateSessionKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export interface TestSessions {
  /** The pair the tokens are signed with: a service under test verifies with its public half. */
  keys: ReturnType<typeof generateSessionKeys>;
  publicKey: SessionPublicKey;
  /** A fresh user and the `Cookie` header that signs them in, minted as auth would. */
  signIn(user?: Partial<CurrentUser>): Promise<{ user: CurrentUser; cookie: string }>;
}

/** Session tokens for the tests of services that only verify them. */
export async function createTestSessions(): Promise<TestSessions> {
  const keys = generateSessionKeys();
  const privateKey = await importPKCS8(keys.privateKeyPem, SESSION_ALGORITHM);
  return {
    keys,
    publicKey: await importSessionPublicKey(keys.publicKeyPem),
    async signIn(partial = {}) {
      const id = partial.id ?? randomUUID();
      const user = { id, email: partial.email ?? `${id}@example.com` };
      const token = await new SignJWT({ email: user.email })
        .setProtectedHeader({ alg: SESSION_ALGORITHM })
        .setSubject(user.id)
        .setIssuer(SESSION_ISSUER)
        .setAudience(SESSION_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey);
      return { user, cookie: `${SESSION_COOKIE}=${token}` };
    },
  };
}
