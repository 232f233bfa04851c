import {
  type CurrentUser,
  SESSION_ALGORITHM,
  SESSION_AUDIENCE,
  SESSION_ISSUER,
} from "@microtickets/common";
import { importPKCS8, SignJWT } from "jose";

export type SessionSigner = (user: CurrentUser) => Promise<string>;

/** Only auth holds the private key, so only auth can mint a session. */
export async function createSessionSigner(
  privateKeyPem: string,
  ttlSeconds: number,
): Promise<SessionSigner> {
  const privateKey = await importPKCS8(privateKeyPem, SESSION_ALGORITHM);
  return (user) =>
    new SignJWT({ email: user.email })
      .setProtectedHeader({ alg: SESSION_ALGORITHM })
      .setSubject(user.id)
      .setIssuer(SESSION_ISSUER)
      .setAudience(SESSION_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(privateKey);
}
