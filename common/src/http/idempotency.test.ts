import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Router } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PaymentRequiredError, ValidationError } from "../errors/index.js";
import { createLogger } from "../logger.js";
import { createTestDatabase, createTestSessions, type TestDatabase } from "../testing/index.js";
import { createApp } from "./create-app.js";
import { idempotency } from "./idempotency.js";
import { requireAuth } from "./require-auth.js";

const noMigrations = fileURLToPath(new URL("../db/__fixtures__/none", import.meta.url));

describe("Idempotency-Key", () => {
  let db: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let cookie: string;
  let other: string;
  let runs = 0;
  /** Requests to /slow wait here until the test lets them finish. */
  let releaseSlow: () => void = () => {};

  beforeAll(async () => {
    db = await createTestDatabase("idempotency", noMigrations);
    const sessions = await createTestSessions();
    cookie = (await sessions.signIn()).cookie;
    other = (await sessions.signIn()).cookie;
    const pool = db.pool;
    // Long enough that a busy machine cannot make the still-running request look abandoned;
    // the take-over test ages its key past it by hand.
    const route = (path: string) => idempotency({ pool, route: `POST ${path}`, leaseMs: 30_000 });
    const routes = Router()
      .post("/api/charges", requireAuth, route("/api/charges"), (req, res) => {
        const { amount } = req.body as { amount?: number };
        if (amount === undefined) throw ValidationError.field("amount", "Required");
        if (amount > 100) throw new PaymentRequiredError("Your card was declined.");
        runs++;
        res.status(201).json({ id: randomUUID(), amount });
      })
      .post("/api/slow", requireAuth, route("/api/slow"), async (_req, res) => {
        await new Promise<void>((resolve) => {
          releaseSlow = resolve;
        });
        res.status(201).json({ done: true });
      });
    app = createApp({
      logger: createLogger("test"),
      sessionPublicKey: sessions.publicKey,
      readiness: {},
      routes: [routes],
    });
  });
  afterAll(() => db?.drop());

  const charge = (key: string, body: object, as = cookie) =>
    request(app).post("/api/charges").set("Cookie", as).set("Idempotency-Key", key).send(body);

  it("replays the first response to a retry with the same body, without running it again", async () => {
    const before = runs;
    const first = await charge("k-replay", { amount: 5 }).expect(201);

    const retry = await charge("k-replay", { amount: 5 }).expect(201);

    expect(retry.body).toEqual(first.body);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(runs).toBe(before + 1);
  });

  it("treats the same fields in another order as the same body", async () => {
    const first = await charge("k-order", { amount: 5, note: "x" }).expect(201);
    const retry = await charge("k-order", { note: "x", amount: 5 }).expect(201);
    expect(retry.body).toEqual(first.body);
  });

  it("refuses the same key with another body with 422", async () => {
    await charge("k-other-body", { amount: 5 }).expect(201);
    const res = await charge("k-other-body", { amount: 6 }).expect(422);
    expect(res.body.errors[0].message).toMatch(/another body/);
  });

  it("answers 409 while the first request with the key is still running", async () => {
    const post = () =>
      request(app)
        .post("/api/slow")
        .set("Cookie", cookie)
        .set("Idempotency-Key", "k-slow")
        .send({});
    const first = post().then((res) => res);
    await expect
      .poll(
        async () =>
          (await db.pool.query("SELECT 1 FROM idempotency_keys WHERE key = 'k-slow'")).rowCount,
      )
      .toBe(1);

    const second = await post().expect(409);
    releaseSlow();

    expect(second.body.errors[0].message).toMatch(/still running/);
    expect((await first).status).toBe(201);
  });

  it("remembers a decline (402) but not a rejected input (400)", async () => {
    await charge("k-declined", { amount: 500 }).expect(402);
    await charge("k-declined", { amount: 500 }).expect(402).expect("Idempotent-Replayed", "true");

    await charge("k-invalid", {}).expect(400);
    await charge("k-invalid", { amount: 7 }).expect(201);
  });

  it("scopes keys to the user", async () => {
    const mine = await charge("k-shared", { amount: 5 }).expect(201);
    const theirs = await charge("k-shared", { amount: 5 }, other).expect(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it("lets a retry take over a key whose first request died with its process", async () => {
    await charge("k-abandoned", { amount: 5 }).expect(201);
    // What a process killed mid-request leaves: a claimed key and no response.
    await db.pool.query(
      `UPDATE idempotency_keys SET status_code = NULL, response_body = NULL,
         locked_at = now() - interval '1 minute' WHERE key = 'k-abandoned'`,
    );
    const before = runs;

    await charge("k-abandoned", { amount: 6 }).expect(422);
    await charge("k-abandoned", { amount: 5 }).expect(201);

    expect(runs).toBe(before + 1);
  });

  it("refuses a malformed key with 400 naming the header", async () => {
    const res = await charge("", { amount: 5 }).expect(400);
    expect(res.body.errors[0].field).toBe("Idempotency-Key");
    await charge("x".repeat(256), { amount: 5 }).expect(400);
  });

  it("does nothing without a key", async () => {
    const before = runs;
    await request(app).post("/api/charges").set("Cookie", cookie).send({ amount: 5 }).expect(201);
    await request(app).post("/api/charges").set("Cookie", cookie).send({ amount: 5 }).expect(201);
    expect(runs).toBe(before + 2);
  });
});
