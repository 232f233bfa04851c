import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthTestApp } from "../test-app.js";

type TestApp = Awaited<ReturnType<typeof createAuthTestApp>>;

// Up to 14 sign-ins per test, each a deliberately slow scrypt hash (~90 ms alone, seconds when
// the machine is busy with other suites): a CPU budget, not a wait.
describe("POST /api/users/signin", { timeout: 60_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createAuthTestApp("signin", { maxFailuresPerIp: 12 });
    for (const email of ["ada@example.com", "bob@example.com", "cy@example.com"]) {
      await request(t.app)
        .post("/api/users/signup")
        .send({ email, password: "password1" })
        .expect(201);
    }
  });
  afterAll(() => t.close());

  // Each test speaks from its own client address so the per-IP budget is its own too.
  const signin = (body: object, ip: string, app = t.app) =>
    request(app).post("/api/users/signin").set("X-Forwarded-For", ip).send(body);

  it("signs a user in with any case of their email and sets the session cookie", async () => {
    const res = await signin(
      { email: "ADA@example.com", password: "password1" },
      "10.0.0.1",
    ).expect(200);
    expect(res.body).toEqual({ id: expect.any(String), email: "ada@example.com" });
    expect(res.headers["set-cookie"]?.[0]).toMatch(/^session=.+; HttpOnly; SameSite=Lax$/);
  });

  it("gives the same 400 for a wrong password and an unknown email", async () => {
    const wrong = await signin({ email: "ada@example.com", password: "nope-nope" }, "10.0.0.2");
    const unknown = await signin({ email: "who@example.com", password: "password1" }, "10.0.0.2");
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(wrong.body).toEqual({ errors: [{ message: "Invalid credentials" }] });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
  });

  it("refuses a sixth try after five failures for one email, even with the right password", async () => {
    for (let i = 0; i < 5; i++) {
      await signin({ email: "bob@example.com", password: `wrong-${i}` }, "10.0.0.3").expect(400);
    }
    const res = await signin({ email: "bob@example.com", password: "password1" }, "10.0.0.4");
    expect(res.status).toBe(429);
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(800);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
  });

  it("keeps the count across replicas", async () => {
    const other = (await t.replica()).app;
    for (let i = 0; i < 5; i++) {
      const app = i % 2 === 0 ? t.app : other;
      await signin({ email: "cy@example.com", password: `wrong-${i}` }, "10.0.0.5", app).expect(
        400,
      );
    }
    await signin({ email: "cy@example.com", password: "password1" }, "10.0.0.5", other).expect(429);
  });

  it("limits one client address across many emails", async () => {
    for (let i = 0; i < 12; i++) {
      await signin({ email: `nobody${i}@example.com`, password: "whatever1" }, "10.0.0.6").expect(
        400,
      );
    }
    await signin({ email: "ada@example.com", password: "password1" }, "10.0.0.6").expect(429);
    await signin({ email: "ada@example.com", password: "password1" }, "10.0.0.7").expect(200);
  });

  it("does not count invalid bodies as failures", async () => {
    for (let i = 0; i < 15; i++) {
      await signin({ email: "not-an-email", password: "x" }, "10.0.0.8").expect(400);
    }
    await signin({ email: "ada@example.com", password: "password1" }, "10.0.0.8").expect(200);
  });

  it("clears an email's failures after a successful sign-in", async () => {
    await request(t.app)
      .post("/api/users/signup")
      .send({ email: "dee@example.com", password: "password1" });
    for (let i = 0; i < 4; i++) {
      await signin({ email: "dee@example.com", password: "wrong-pw" }, "10.0.0.9").expect(400);
    }
    await signin({ email: "dee@example.com", password: "password1" }, "10.0.0.10").expect(200);
    for (let i = 0; i < 4; i++) {
      await signin({ email: "dee@example.com", password: "wrong-pw" }, "10.0.0.11").expect(400);
    }
    await signin({ email: "dee@example.com", password: "password1" }, "10.0.0.10").expect(200);
  });

  it("names the missing field", async () => {
    const res = await signin({ email: "ada@example.com" }, "10.0.0.12").expect(400);
    expect(res.body).toEqual({
      errors: [{ message: "You must supply a password", field: "password" }],
    });
  });
});
