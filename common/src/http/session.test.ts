import { createHmac } from "node:crypto";
import { importPKCS8, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSessionKeys, signTestToken } from "../testing/sessions.js";
import {
  importSessionPublicKeys,
  SESSION_AUDIENCE,
  SESSION_ISSUER,
  type SessionPublicKeys,
  sessionKeyId,
  verifySession,
} from "./session.js";

const user = { id: "0c6f1e9a-5b7d-4e3a-8f21-6d9b2a4c7e10", email: "key@example.com" };
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("verifying a session token", () => {
  const [current, previous] = [generateSessionKeys(), generateSessionKeys()];
  let keys: SessionPublicKeys;
  let currentKid: string;
  beforeAll(async () => {
    keys = await importSessionPublicKeys([current.publicKeyPem, previous.publicKeyPem]);
    currentKid = await sessionKeyId(current.publicKeyPem);
  });

  const claims = () => ({
    email: user.email,
    sub: user.id,
    jti: "5d2c7f4e-1a3b-4c6d-9e8f-0a1b2c3d4e5f",
    iss: SESSION_ISSUER,
    aud: SESSION_AUDIENCE,
    exp: Math.floor(Date.now() / 1000) + 3600,
  });

  it("accepts a token of any listed key, picked by its kid, and says which session it is", async () => {
    for (const pair of [current, previous]) {
      const session = await verifySession(
        await signTestToken(user, pair, { sessionId: claims().jti }),
        keys,
      );
      expect(session).toEqual({ user, sessionId: claims().jti, expiresAtMs: expect.any(Number) });
    }
  });

  it("refuses a token whose kid names no listed key, or none at all", async () => {
    const unlisted = generateSessionKeys();
    expect(await verifySession(await signTestToken(user, unlisted), keys)).toBeNull();
    expect(await verifySession(await signTestToken(user, current, { kid: null }), keys)).toBeNull();
  });

  it("refuses a token signed by another key under a listed key's kid", async () => {
    const forger = generateSessionKeys();
    const token = await signTestToken(user, forger, { kid: currentKid });
    expect(await verifySession(token, keys)).toBeNull();
  });

  it("refuses every algorithm but EdDSA, even under a listed kid", async () => {
    const hs256Input = `${base64url({ alg: "HS256", kid: currentKid })}.${base64url(claims())}`;
    const hs256 = `${hs256Input}.${createHmac("sha256", current.publicKeyPem).update(hs256Input).digest("base64url")}`;
    const none = `${base64url({ alg: "none", kid: currentKid })}.${base64url(claims())}.`;

    expect(await verifySession(hs256, keys)).toBeNull();
    expect(await verifySession(none, keys)).toBeNull();
  });

  it("refuses a token without a session id, which could never be signed out", async () => {
    const { jti: _jti, ...withoutJti } = claims();
    const token = await new SignJWT(withoutJti)
      .setProtectedHeader({ alg: "EdDSA", kid: currentKid })
      .sign(await importPKCS8(current.privateKeyPem, "EdDSA"));
    expect(await verifySession(token, keys)).toBeNull();
  });

  it("names a key by its RFC 7638 thumbprint: one per key, no name to keep in step", async () => {
    expect(currentKid).toMatch(/^[\w-]{43}$/);
    expect(await sessionKeyId(previous.publicKeyPem)).not.toBe(currentKid);
  });
});
