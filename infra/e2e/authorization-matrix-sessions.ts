import {
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
} from "node:crypto";
import { SESSION_AUDIENCE, SESSION_COOKIE, SESSION_ISSUER } from "@microtickets/common";
import type { Caller } from "./authorization-matrix.js";

// Built by hand with node:crypto rather than jose: infra does not depend on jose, and a forgery
// is only base64url JSON and a signature anyway.

/** The Ed25519 pair the test's stack signs sessions with (handed to it as JWT_PRIVATE_KEY). */
export interface SigningKeys {
  privateKey: string;
  publicKey: string;
}

export function newSigningKeys(): SigningKeys {
  return generateKeyPairSync("ed25519", {
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
}

/** Who a session names: a user as auth answers `{id, email}`. */
export interface Identity {
  id: string;
  email: string;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");
const json = (value: unknown) => base64url(JSON.stringify(value));

/**
 * The kid auth puts in a token's header: the RFC 7638 thumbprint of the key's public half (for
 * an Ed25519 JWK, the SHA-256 of {"crv","kty","x"} in that order).
 */
export function keyIdOf(key: string): string {
  const { crv, kty, x } = createPublicKey(key).export({ format: "jwk" });
  return createHash("sha256").update(JSON.stringify({ crv, kty, x })).digest("base64url");
}

/** The claims auth puts in a session (auth/src/domain/session-token.ts), valid for an hour. */
export function sessionClaims(user: Identity, nowSeconds = Math.floor(Date.now() / 1000)) {
  return {
    email: user.email,
    sub: user.id,
    jti: randomUUID(),
    iss: SESSION_ISSUER,
    aud: SESSION_AUDIENCE,
    iat: nowSeconds,
    exp: nowSeconds + 3600,
  };
}

/** A token as auth would sign it: EdDSA with the private key, under its kid. */
export function signEdDSA(claims: object, privateKey: string): string {
  const input = `${json({ alg: "EdDSA", kid: keyIdOf(privateKey) })}.${json(claims)}`;
  return `${input}.${base64url(sign(null, Buffer.from(input), privateKey))}`;
}

/**
 * The session cookie each caller sends, or none. `owner` and `other` are the genuine cookies
 * auth set at sign-up; every forgery claims to be the owner.
 */
export function cookieOf(
  caller: Caller,
  sessions: { owner: Identity & { cookie: string }; other: { cookie: string } },
  keys: SigningKeys,
): string | undefined {
  const claims = sessionClaims(sessions.owner);
  switch (caller) {
    case "anonymous":
      return undefined;
    case "owner":
      return sessions.owner.cookie;
    case "other":
      return sessions.other.cookie;
    case "alg:none":
      // Under the real kid, so only the algorithm is wrong.
      return cookie(
        `${json({ alg: "none", typ: "JWT", kid: keyIdOf(keys.publicKey) })}.${json(claims)}.`,
      );
    case "edited": {
      const [header, payload, signature] = tokenOf(sessions.other.cookie).split(".");
      const edited = {
        ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString()),
        sub: claims.sub,
        email: claims.email,
      };
      return cookie(`${header}.${json(edited)}.${signature}`);
    }
    case "hs256": {
      const input = `${json({ alg: "HS256", typ: "JWT", kid: keyIdOf(keys.publicKey) })}.${json(claims)}`;
      return cookie(
        `${input}.${createHmac("sha256", keys.publicKey).update(input).digest("base64url")}`,
      );
    }
    case "expired": {
      const dayAgo = Math.floor(Date.now() / 1000) - 25 * 3600;
      return cookie(signEdDSA(sessionClaims(sessions.owner, dayAgo), keys.privateKey));
    }
    case "not-jwt":
      return cookie("not.a.jwt");
    case "base64":
      return cookie(randomBytes(48).toString("base64"));
  }
}

export const cookie = (token: string) => `${SESSION_COOKIE}=${token}`;

function tokenOf(sessionCookie: string): string {
  return sessionCookie.slice(`${SESSION_COOKIE}=`.length);
}
