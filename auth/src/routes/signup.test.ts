import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthTestApp } from "../test-app.js";

type TestApp = Awaited<ReturnType<typeof createAuthTestApp>>;

describe("POST /api/users/signup", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createAuthTestApp("signup");
  });
  afterAll(() => t.close());

  const signup = (body: unknown) =>
    request(t.app)
      .post("/api/users/signup")
      .send(body as object);

  it("creates the user and signs them in with an httpOnly, SameSite=Lax cookie", async () => {
    const res = await signup({ email: "ada@example.com", password: "correct horse" }).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), email: "ada@example.com" });
    const cookie = res.headers["set-cookie"]?.[0] ?? "";
    expect(cookie).toMatch(/^session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
  });

  it("never stores the password itself", async () => {
    await signup({ email: "hash@example.com", password: "plain-text-pw" }).expect(201);
    const { rows } = await t.db.query("SELECT password_hash FROM users WHERE email = $1", [
      "hash@example.com",
    ]);
    expect(rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(rows[0].password_hash).not.toContain("plain-text-pw");
  });

  it("refuses an email already in use, whatever its case, with 409", async () => {
    await signup({ email: "Grace@Example.com", password: "password1" }).expect(201);
    const res = await signup({ email: "grace@EXAMPLE.com", password: "password2" }).expect(409);
    expect(res.body).toEqual({ errors: [{ message: "Email in use" }] });
  });

  it("lets the database decide two concurrent signups of one email: one 201, one 409", async () => {
    const body = { email: "race@example.com", password: "password1" };
    const statuses = (await Promise.all([signup(body), signup(body)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([201, 409]);
  });

  it.each([
    [{ email: "not-an-email", password: "password1" }, "email"],
    [{ email: 42, password: "password1" }, "email"],
    [{ password: "password1" }, "email"],
    [{ email: "short@example.com", password: "1234567" }, "password"],
    [{ email: "long@example.com", password: "x".repeat(129) }, "password"],
    [{ email: "none@example.com" }, "password"],
  ])("answers 400 naming the field for %j", async (body, field) => {
    const res = await signup(body).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
  });

  it("accepts passwords of exactly 8 and 128 characters", async () => {
    await signup({ email: "eight@example.com", password: "x".repeat(8) }).expect(201);
    await signup({ email: "max@example.com", password: "x".repeat(128) }).expect(201);
  });

  it("answers 415 to a body that is not JSON", async () => {
    const res = await request(t.app)
      .post("/api/users/signup")
      .set("Content-Type", "text/plain")
      .send("email=a@b.c")
      .expect(415);
    expect(res.body).toEqual({
      errors: [{ message: expect.stringContaining("application/json") }],
    });
  });

  it("answers 400 to malformed JSON", async () => {
    const res = await request(t.app)
      .post("/api/users/signup")
      .set("Content-Type", "application/json")
      .send('{"email": ')
      .expect(400);
    expect(res.body).toEqual({ errors: [{ message: "Malformed JSON body" }] });
  });

  it("answers 413 to a body over 100 kB", async () => {
    const res = await signup({ email: "big@example.com", password: "x".repeat(101 * 1024) }).expect(
      413,
    );
    expect(res.body).toEqual({ errors: [{ message: "Request body too large" }] });
  });
});
