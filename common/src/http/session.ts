import { createPublicKey, type KeyObject } from "node:crypto";
import { type CryptoKey, calculateJwkThumbprint, importSPKI, jwtVerify } from "jose";
import { isUuid } from "../ids.js";

/** The signed-in user, as the session token says. */
export interface CurrentUser {
  id: string;
  email: string;
}

export const SESSION_COOKIE = "session";
export const SESSION_ISSUER = "microtickets-auth";
export const SESSION_AUDIENCE = "microtickets";
export const SESSION_ALGORITHM = "EdDSA";

export type SessionPublicKey = CryptoKey | KeyObject;

/**
 * Every public key auth publishes, by key id: the one it signs with now and the ones it signed
 * with before, until the last token each signed has expired. Services hold only these: they can
 * check a session, never mint one.
 */
export type SessionPublicKeys = ReadonlyMap<string, SessionPublicKey>;

/**
 * A key's id: its RFC 7638 JWK thumbprint. Derived from the key itself, so a kid can never name
 * the wrong key, and nobody has to keep a list of names in step across services.
 */
export function sessionKeyId(pem: string): Promise<string> {
  return calculateJwkThumbprint(createPublicKey(pem).export({ format: "jwk" }));
}

/** The public keys by kid; a key that is not an EdDSA (SPKI PEM) key throws. */
export async function importSessionPublicKeys(pems: readonly string[]): Promise<SessionPublicKeys> {
  const keys = new Map<string, SessionPublicKey>();
  for (const pem of pems) {
    keys.set(await sessionKeyId(pem), await importSPKI(pem, SESSION_ALGORITHM));
  }
  return keys;
}

/** A verified session: who, which session (its id, `jti`), and until when (ms since the epoch). */
export interface VerifiedSession {
  user: CurrentUser;
  sessionId: string;
  expiresAtMs: number;
}

/**
 * The session a token holds, or null for anything not signed by auth, expired or malformed: the
 * key is the one its `kid` names among auth's, and the algorithm is pinned, so neither a header
 * naming another algorithm (`none`, HS256 keyed with the public key) nor an unknown kid gets a key.
 */
export async function verifySession(
  token: string,
  keys: SessionPublicKeys,
): Promise<VerifiedSession | null> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.alg === SESSION_ALGORITHM && header.kid && keys.get(header.kid);
        if (!key) throw new Error("not one of auth's keys");
        return key;
      },
      {
        issuer: SESSION_ISSUER,
        audience: SESSION_AUDIENCE,
        algorithms: [SESSION_ALGORITHM],
        requiredClaims: ["exp", "jti"],
      },
    );
    if (typeof payload.sub !== "string" || typeof payload.email !== "string") return null;
    // A session without an id could not be signed out: refused like any other malformed one.
    if (!isUuid(payload.jti)) return null;
    return {
      user: { id: payload.sub, email: payload.email },
      sessionId: payload.jti,
      expiresAtMs: (payload.exp ?? 0) * 1000,
    };
  } catch {
    return null;
  }
}

/** The user a token names, or null for anything not signed by auth, expired or malformed. */
export async function verifySessionToken(
  token: string,
  keys: SessionPublicKeys,
): Promise<CurrentUser | null> {
  return (await verifySession(token, keys))?.user ?? null;
}
