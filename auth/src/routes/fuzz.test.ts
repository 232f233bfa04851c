import { fuzz } from "@microtickets/common/testing";
import fc from "fast-check";
import request from "supertest";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createAuthTestApp } from "../test-app.js";

// Sized so the whole file stays near 20 s on two busy cores: a valid sign-up or sign-in costs
// a scrypt hash (~50 ms), so these draw fewer cases than the other services' fuzzing.
const RUNS = { signup: 100, signin: 150, signout: 200, currentUser: 200, stray: 200 };
const HASHING_TIMEOUT_MS = 60_000;

const EMAIL = "fuzz@example.com";
const PASSWORD = "correct horse battery";

// Hundreds of requests a test: on a loaded machine they take several times what they take alone.
describe("the auth API under fuzzing: never a 5xx, errors in their shape, no change on a 4xx", {
  timeout: 120_000,
}, () => {
  let t: Awaited<ReturnType<typeof createAuthTestApp>>;
  let cookie: string;
  // Failed sign-ins are counted in Redis by design; the accounts are what must not change.
  const state = () =>
    fuzz.readState(t.db, ["SELECT id, email, password_hash FROM users ORDER BY id"]);
  const run = fuzz.fuzzerFor(() => ({ baseUrl: t.url, state }));
  const credentials = {
    email: fc.oneof(fc.constantFrom(EMAIL, EMAIL.toUpperCase(), ` ${EMAIL} `), fc.emailAddress()),
    password: fc.oneof(fc.constant(PASSWORD), fc.string({ minLength: 8, maxLength: 20 })),
  };

  beforeAll(async () => {
    // Limits high enough that the fuzz reaches the checks past the limiter.
    t = await createAuthTestApp("fuzz", {
      maxFailuresPerEmail: 100_000,
      maxFailuresPerIp: 100_000,
    });
    await request(t.app)
      .post("/api/users/signup")
      .send({ email: EMAIL, password: PASSWORD })
      .expect(201);
    ({ cookie } = await t.sessions.signIn());
  });
  afterAll(() => t?.close());

  for (const [route, runs] of [
    ["signup", RUNS.signup],
    ["signin", RUNS.signin],
  ] as const) {
    it(
      `answers ${runs} hostile POST /api/users/${route}`,
      async () => {
        const requests = fc.record({
          method: fc.constant("POST"),
          path: fc.constant(`/api/users/${route}`),
          headers: fuzz.headersOf(cookie),
          body: fuzz.bodyOf(credentials),
        });
        await run(requests, runs);
      },
      HASHING_TIMEOUT_MS,
    );
  }

  it(`answers ${RUNS.signout} hostile POST /api/users/signout`, async () => {
    const requests = fc.record({
      method: fc.constant("POST"),
      path: fuzz.queryOf({ all: fc.constant("1") }).map((query) => `/api/users/signout${query}`),
      headers: fuzz.headersOf(cookie),
      body: fc.option(fuzz.bodyOf({}), { nil: undefined }),
    });
    await run(requests, RUNS.signout);
  });

  it(`answers ${RUNS.currentUser} hostile GET /api/users/currentuser`, async () => {
    const requests = fc.record({
      method: fc.constant("GET"),
      path: fuzz.queryOf({ id: fc.uuid() }).map((query) => `/api/users/currentuser${query}`),
      headers: fuzz.headersOf(cookie),
    });
    await run(requests, RUNS.currentUser);
  });

  it(`answers ${RUNS.stray} requests to unknown routes and methods under /api/users`, async () => {
    // Every route of auth has a name: nothing stray is accepted.
    await run(fuzz.strayRequests("/api/users", cookie), RUNS.stray, {
      accepted: "any",
    });
  });
});
