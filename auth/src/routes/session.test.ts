import { generateSessionKeys } from "@microtickets/common/testing";
import { importPKCS8, SignJWT } from "jose";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthTestApp } from "../test-app.js";

type TestApp = Awaited<ReturnType<typeof createAuthTestApp>>;

describe("the session: currentuser and signout", () => {
  let t: TestApp;
  let cookie: string;
  let user: { id: string; email: string };
  beforeAll(async () => {
    t = await createAuthTestApp("session");
    const res = await request(t.app)
      .post("/api/users/signup")
      .send({ email: "ada@example.com", password: "password1" });
    cookie = res.headers["set-cookie"]?.[0]?.split(";")[0] ?? "";
    user = res.body;
  });
  afterAll(() => t.close());

  const currentUser = (cookieHeader?: string) => {
    const req = request(t.app).get("/api/users/currentuser");
    return cookieHeader ? req.set("Cookie", cookieHeader) : req;
  };

  it("answers null without a session", async () => {
    const res = await currentUser().expect(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it("names the signed-in user", async () => {
    const res = await currentUser(cookie).expect(200);
    expect(res.body).toEqual({ currentUser: user });
  });

  it("ignores a token signed with any key but auth's", async () => {
    const forger = generateSessionKeys();
    const forged = await new SignJWT({ email: user.email })
      .setProtectedHeader({ alg: "EdDSA" })
      .setSubject(user.id)
      .setIssuer("microtickets-auth")
      .setAudience("microtickets")
      .setExpirationTime("1h")
      .sign(await importPKCS8(forger.privateKeyPem, "EdDSA"));
    const res = await currentUser(`session=${forged}`).expect(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it("ignores an expired token", async () => {
    const expired = await new SignJWT({ email: user.email })
      .setProtectedHeader({ alg: "EdDSA" })
      .setSubject(user.id)
      .setIssuer("microtickets-auth")
      .setAudience("microtickets")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(await importPKCS8(t.sessions.keys.privateKeyPem, "EdDSA"));
    const res = await currentUser(`session=${expired}`).expect(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it("ignores garbage in the cookie", async () => {
    await currentUser("session=not.a.jwt").expect(200, { currentUser: null });
  });

  it("signs out with 200 {} and a cleared cookie, without needing a body", async () => {
    const res = await request(t.app).post("/api/users/signout").set("Cookie", cookie).expect(200);
    expect(res.body).toEqual({});
    expect(res.headers["set-cookie"]?.[0]).toMatch(/^session=; Path=\/; Expires=Thu, 01 Jan 1970/);
  });

  it("answers unknown routes under /api with 404 in the error shape", async () => {
    const res = await request(t.app).get("/api/users/nope").expect(404);
    expect(res.body).toEqual({ errors: [{ message: "Not found" }] });
  });

  it("reports ready when its database, Redis and NATS answer", async () => {
    const res = await request(t.app).get("/readyz").expect(200);
    expect(res.body).toEqual({
      status: "ready",
      checks: { database: "ok", redis: "ok", nats: "ok" },
    });
    await request(t.app).get("/healthz").expect(200);
    const metrics = await request(t.app).get("/metrics").expect(200);
    expect(metrics.text).toContain("http_request_duration_seconds");
  });
});
