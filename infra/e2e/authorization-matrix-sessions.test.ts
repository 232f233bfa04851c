import { createHmac, verify } from "node:crypto";
import { sessionKeyId } from "@microtickets/common";
import { describe, expect, it } from "vitest";
import {
  cookie,
  cookieOf,
  newSigningKeys,
  sessionClaims,
  signEdDSA,
} from "./authorization-matrix-sessions.js";

const keys = newSigningKeys();
const owner = { id: "0b7e4b7c-6f1e-4d35-9b8e-0d8f7c1a2b3c", email: "owner@example.com" };
const other = { id: "5d1c2a9e-3f4b-4c6d-8e7f-9a0b1c2d3e4f", email: "other@example.com" };
const sessions = {
  owner: { ...owner, cookie: cookie(signEdDSA(sessionClaims(owner), keys.privateKey)) },
  other: { cookie: cookie(signEdDSA(sessionClaims(other), keys.privateKey)) },
};

function parts(sessionCookie: string | undefined) {
  const [header = "", payload = "", signature = ""] = (sessionCookie ?? "")
    .replace(/^session=/, "")
    .split(".");
  const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString());
  return {
    header: decode(header),
    payload: decode(payload),
    signature,
    signed: `${header}.${payload}`,
  };
}

// Each forgery must be exactly the attack it is named for, or its 401 would prove nothing.
describe("the forged sessions", () => {
  it("sends no signature with alg none, claiming the owner", () => {
    const token = parts(cookieOf("alg:none", sessions, keys));
    expect(token.header.alg).toBe("none");
    expect(token.signature).toBe("");
    expect(token.payload).toMatchObject({ sub: owner.id, email: owner.email });
  });

  it("keeps another user's signature under a payload edited to name the owner", () => {
    const token = parts(cookieOf("edited", sessions, keys));
    expect(token.payload).toMatchObject({ sub: owner.id, email: owner.email });
    expect(token.signature).toBe(parts(sessions.other.cookie).signature);
  });

  it("names the stack's key as auth does, so a token fails for its forgery alone", async () => {
    const kid = await sessionKeyId(keys.publicKey);
    expect(parts(sessions.owner.cookie).header).toEqual({ alg: "EdDSA", kid });
    expect(parts(cookieOf("hs256", sessions, keys)).header.kid).toBe(kid);
    expect(parts(cookieOf("alg:none", sessions, keys)).header.kid).toBe(kid);
    expect(parts(sessions.owner.cookie).payload.jti).not.toBe(
      parts(sessions.other.cookie).payload.jti,
    );
  });

  it("signs HS256 with the public key's PEM as the secret", () => {
    const token = parts(cookieOf("hs256", sessions, keys));
    expect(token.header.alg).toBe("HS256");
    const hmac = createHmac("sha256", keys.publicKey).update(token.signed).digest("base64url");
    expect(token.signature).toBe(hmac);
  });

  it("signs the expired one with the real key, so only its exp is wrong", () => {
    const token = parts(cookieOf("expired", sessions, keys));
    const signature = Buffer.from(token.signature, "base64url");
    expect(verify(null, Buffer.from(token.signed), keys.publicKey, signature)).toBe(true);
    expect(token.payload.exp * 1000).toBeLessThan(Date.now());
    expect(token.payload).toMatchObject({
      sub: owner.id,
      iss: "microtickets-auth",
      aud: "microtickets",
    });
  });
});
