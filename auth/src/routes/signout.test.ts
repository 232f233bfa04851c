import { Subjects } from "@microtickets/common";
import { decodeJwt, decodeProtectedHeader } from "jose";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signingKeyId } from "../domain/session-token.js";
import { createAuthTestApp } from "../test-app.js";

type TestApp = Awaited<ReturnType<typeof createAuthTestApp>>;

const tokenOf = (cookie: string) => cookie.slice("session=".length);

describe("signing out", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createAuthTestApp("signout");
    await request(t.app)
      .post("/api/users/signup")
      .send({ email: "grace@example.com", password: "password1" })
      .expect(201);
  });
  afterAll(() => t.close());

  /** A new session of grace's, as a sign-in on another device starts one. */
  async function signIn(): Promise<string> {
    const res = await request(t.app)
      .post("/api/users/signin")
      .send({ email: "grace@example.com", password: "password1" })
      .expect(200);
    return res.headers["set-cookie"]?.[0]?.split(";")[0] ?? "";
  }
  const currentUser = async (cookie: string) =>
    (await request(t.app).get("/api/users/currentuser").set("Cookie", cookie).expect(200)).body
      .currentUser;

  it("mints every session with an id of its own and the kid of the key that signed it", async () => {
    const [first, second] = [await signIn(), await signIn()];

    const [a, b] = [decodeJwt(tokenOf(first)), decodeJwt(tokenOf(second))];
    expect(a.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.jti).not.toBe(b.jti);
    expect(decodeProtectedHeader(tokenOf(first))).toEqual({
      alg: "EdDSA",
      kid: await signingKeyId(t.sessions.keys.privateKeyPem),
    });
  });

  it("refuses the token at once, even a copy sent without the cleared cookie", async () => {
    const cookie = await signIn();
    expect(await currentUser(cookie)).not.toBeNull();

    await request(t.app).post("/api/users/signout").set("Cookie", cookie).expect(200, {});

    expect(await currentUser(cookie)).toBeNull();
  });

  it("is refused by another auth replica at once, before the bus has told it", async () => {
    const replica = await t.replica();
    const cookie = await signIn();

    await request(t.app).post("/api/users/signout").set("Cookie", cookie).expect(200);

    const res = await request(replica.app).get("/api/users/currentuser").set("Cookie", cookie);
    expect(res.body).toEqual({ currentUser: null });
  });

  it("records the revocation and announces session.revoked with the token's expiry", async () => {
    const cookie = await signIn();
    const claims = decodeJwt(tokenOf(cookie));

    await request(t.app).post("/api/users/signout").set("Cookie", cookie).expect(200);

    const event = await t.published(
      Subjects.SessionRevoked,
      (data) => data.sessionId === claims.jti,
    );
    expect(event.data).toEqual({
      sessionId: claims.jti,
      userId: claims.sub,
      expiresAt: new Date((claims.exp ?? 0) * 1000).toISOString(),
    });
    const { rows } = await t.db.query(
      "SELECT user_id FROM revoked_sessions WHERE session_id = $1",
      [claims.jti],
    );
    expect(rows).toEqual([{ user_id: claims.sub }]);
  });

  it("leaves the same user's other sessions signed in", async () => {
    const [leaving, staying] = [await signIn(), await signIn()];

    await request(t.app).post("/api/users/signout").set("Cookie", leaving).expect(200);

    expect(await currentUser(leaving)).toBeNull();
    expect(await currentUser(staying)).toEqual({
      id: expect.any(String),
      email: "grace@example.com",
    });
  });

  it("announces a session's end once, however often its token signs out", async () => {
    const cookie = await signIn();
    const { jti } = decodeJwt(tokenOf(cookie));

    await request(t.app).post("/api/users/signout").set("Cookie", cookie).expect(200);
    await request(t.app).post("/api/users/signout").set("Cookie", cookie).expect(200);
    await t.published(Subjects.SessionRevoked, (data) => data.sessionId === jti);

    const { rows } = await t.db.query(
      "SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND data->>'sessionId' = $2",
      [Subjects.SessionRevoked, jti],
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("only clears the cookie without a valid session", async () => {
    const res = await request(t.app)
      .post("/api/users/signout")
      .set("Cookie", "session=not.a.jwt")
      .expect(200, {});
    expect(res.headers["set-cookie"]?.[0]).toMatch(/^session=;/);
  });
});
