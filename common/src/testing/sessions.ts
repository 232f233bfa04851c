import { generateKeyPairSync, randomUUID } from "node:crypto";
import { importPKCS8, SignJWT } from "jose";
import {
  type CurrentUser,
  importSessionPublicKeys,
  SESSION_ALGORITHM,
  SESSION_AUDIENCE,
  SESSION_COOKIE,
  SESSION_ISSUER,
  type SessionPublicKeys,
  sessionKeyId,
} from "../http/session.js";

export function generateSessionKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export type SessionKeyPair = ReturnType<typeof generateSessionKeys>;

/** How a test token differs from auth's: another key, kid or lifetime. */
export interface TestTokenOptions {
  keys?: SessionKeyPair;
  /** The header's kid (default: the key's own, as auth sets it); null for none. */
  kid?: string | null;
  sessionId?: string;
  expiresIn?: string | number;
}

export interface TestSessions {
  /** The pair the tokens are signed with: a service under test verifies with its public half. */
  keys: SessionKeyPair;
  /** That public half, by kid, as `createApp` takes it. */
  publicKey: SessionPublicKeys;
  /** A fresh user and the `Cookie` header that signs them in, minted as auth would. */
  signIn(
    user?: Partial<CurrentUser>,
    options?: TestTokenOptions,
  ): Promise<{ user: CurrentUser; cookie: string; sessionId: string }>;
}

/** A session token as auth mints it (auth/src/domain/session-token.ts), or varied for a test. */
export async function signTestToken(
  user: CurrentUser,
  keys: SessionKeyPair,
  options: Omit<TestTokenOptions, "keys"> = {},
): Promise<string> {
  const kid = options.kid === undefined ? await sessionKeyId(keys.publicKeyPem) : options.kid;
  return new SignJWT({ email: user.email })
    .setProtectedHeader({ alg: SESSION_ALGORITHM, ...(kid !== null && { kid }) })
    .setSubject(user.id)
    .setJti(options.sessionId ?? randomUUID())
    .setIssuer(SESSION_ISSUER)
    .setAudience(SESSION_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "1h")
    .sign(await importPKCS8(keys.privateKeyPem, SESSION_ALGORITHM));
}

/** Session tokens for the tests of services that only verify them. */
export async function createTestSessions(): Promise<TestSessions> {
  const keys = generateSessionKeys();
  return {
    keys,
    publicKey: await importSessionPublicKeys([keys.publicKeyPem]),
    async signIn(partial = {}, options = {}) {
      const id = partial.id ?? randomUUID();
      const user = { id, email: partial.email ?? `${id}@example.com` };
      const sessionId = options.sessionId ?? randomUUID();
      const token = await signTestToken(user, options.keys ?? keys, { ...options, sessionId });
      return { user, cookie: `${SESSION_COOKIE}=${token}`, sessionId };
    },
  };
}
