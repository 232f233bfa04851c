import { ConfigError, sessionKeyId } from "@microtickets/common";
import { generateSessionKeys, signTestToken, startTestService } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authService } from "../service.js";

const user = { id: "4b0d7c5e-3f9a-4a51-9a4e-2b1b6f0c8d11", email: "rotated@example.com" };

/**
 * Mid-rotation: auth signs with the new key (JWT_PRIVATE_KEY, JWT_PUBLIC_KEY) while the previous
 * key stays listed in SESSION_PUBLIC_KEYS until the last token it signed expires.
 */
describe("a rotated session key", () => {
  const previous = generateSessionKeys();
  const start = () =>
    startTestService(authService, {
      label: "rotation",
      env: { SESSION_PUBLIC_KEYS: previous.publicKeyPem },
    });
  let t: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    t = await start();
  });
  afterAll(() => t.close());

  const currentUser = async (token: string) =>
    (await request(t.app).get("/api/users/currentuser").set("Cookie", `session=${token}`)).body
      .currentUser;

  it("still accepts a token the previous key signed, while it is listed", async () => {
    expect(await currentUser(await signTestToken(user, previous))).toEqual(user);
  });

  it("accepts a token of the current key", async () => {
    expect(await currentUser(await signTestToken(user, t.sessions.keys))).toEqual(user);
  });

  it("refuses a token whose key is not listed, whatever its kid claims", async () => {
    const unlisted = generateSessionKeys();
    expect(await currentUser(await signTestToken(user, unlisted))).toBeNull();
    // The kid of a listed key on a token another key signed.
    const kid = await sessionKeyId(previous.publicKeyPem);
    expect(await currentUser(await signTestToken(user, unlisted, { kid }))).toBeNull();
  });

  it("refuses a token of a listed key without a kid, or with another key's kid", async () => {
    const [withoutKid, wrongKid] = await Promise.all([
      signTestToken(user, previous, { kid: null }),
      signTestToken(user, previous, { kid: "not-a-known-kid" }),
    ]);
    expect(await currentUser(withoutKid)).toBeNull();
    expect(await currentUser(wrongKid)).toBeNull();
  });

  it("does not start when its signing key is none of the published ones", async () => {
    const stray = generateSessionKeys();
    await expect(t.replica({ JWT_PRIVATE_KEY: stray.privateKeyPem })).rejects.toThrow(
      new ConfigError(
        "Invalid configuration: JWT_PRIVATE_KEY: its public key is neither JWT_PUBLIC_KEY nor one of SESSION_PUBLIC_KEYS",
      ),
    );
  });
});
