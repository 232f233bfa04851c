import { type CryptoKey, importSPKI, jwtVerify, type KeyObject } from "jose";

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

/** Every service holds only the public key: it can check a session, never mint one. */
export function importSessionPublicKey(pem: string): Promise<SessionPublicKey> {
  return importSPKI(pem, SESSION_ALGORITHM);
}

/** A verified session: who, and until when (ms since the epoch) the token is valid. */
export interface VerifiedSession {
  user: CurrentUser;
  expiresAtMs: number;
}

/** The session a token holds, or null for anything not signed by auth, expired or malformed. */
export async function verifySession(
  token: string,
  publicKey: SessionPublicKey,
): Promise<VerifiedSession | null> {
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      issuer: SESSION_ISSUER,
      audience: SESSION_AUDIENCE,
      algorithms: [SESSION_ALGORITHM],
      requiredClaims: ["exp"],
    });
    if (typeof payload.sub !== "string" || typeof payload.email !== "string") return null;
    return {
      user: { id: payload.sub, email: payload.email },
      expiresAtMs: (payload.exp ?? 0) * 1000,
    };
  } catch {
    return null;
  }
}

/** The user a token names, or null for anything not signed by auth, expired or malformed. */
export async function verifySessionToken(
  token: string,
  publicKey: SessionPublicKey,
): Promise<CurrentUser | null> {
  return (await verifySession(token, publicKey))?.user ?? null;
}
