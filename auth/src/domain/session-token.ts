import { createPrivateKey, createPublicKey, randomUUID } from "node:crypto";
import {
  type CurrentUser,
  SESSION_ALGORITHM,
  SESSION_AUDIENCE,
  SESSION_ISSUER,
  sessionKeyId,
} from "@microtickets/common";
import { importPKCS8, SignJWT } from "jose";

export type SessionSigner = (user: CurrentUser) => Promise<string>;

/** The kid auth's tokens carry: its public key's thumbprint, as every verifier computes it. */
export function signingKeyId(privateKeyPem: string): Promise<string> {
  const publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem))
    .export({ type: "spki", format: "pem" })
    .toString();
  return sessionKeyId(publicKeyPem);
}

/**
 * Only auth holds the private key, so only auth can mint a session. Each token is a session of
 * its own (`jti`), so signing out ends that one and no other; its `kid` names the key that
 * verifies it, so the key can be rotated while tokens of the previous one are still out.
 */
export async function createSessionSigner(
  privateKeyPem: string,
  ttlSeconds: number,
): Promise<SessionSigner> {
  const privateKey = await importPKCS8(privateKeyPem, SESSION_ALGORITHM);
  const kid = await signingKeyId(privateKeyPem);
  return (user) =>
    new SignJWT({ email: user.email })
      .setProtectedHeader({ alg: SESSION_ALGORITHM, kid })
      .setSubject(user.id)
      .setJti(randomUUID())
      .setIssuer(SESSION_ISSUER)
      .setAudience(SESSION_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(privateKey);
}
