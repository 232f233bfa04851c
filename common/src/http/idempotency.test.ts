import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { setTimeout as pause } from "node:timers/promises";
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
const holderScript = fileURLToPath(new URL("./__fixtures__/idempotent-holder.ts", import.meta.url));

/** Short leases for the tests of lease expiry: a retry is served within about this long. */
const SHORT_LEASE_MS = 1_000;

describe("Idempotency-Key", () => {
  let db: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let cookie: string;
  let userId: string;
  let other: string;
  let runs = 0;
  /** Requests to /slow wait here until the test lets them finish. */
  let releaseSlow: () => void = () => {};
  /** Runs of the lease tests' routes, and the gate their first (or every) run waits at. */
  const leaseRuns = { crash: 0, long: 0, stalled: 0, once: 0 };
  let releaseLong: () => void = () => {};
  let releaseStalled: () => void = () => {};
  let releaseOnce: () => void = () => {};

  beforeAll(async () => {
    db = await createTestDatabase("idempotency", noMigrations);
    const sessions = await createTestSessions();
    const me = await sessions.signIn();
    cookie = me.cookie;
    userId = me.user.id;
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
      })
      // The same route as the killed holder process's, so a retry here finds its claim.
      .post(
        "/api/crash",
        requireAuth,
        idempotency({ pool, route: "POST /api/crash", leaseMs: SHORT_LEASE_MS }),
        (_req, res) => {
          res.status(201).json({ run: ++leaseRuns.crash });
        },
      )
      .post(
        "/api/long",
        requireAuth,
        idempotency({ pool, route: "POST /api/long", leaseMs: SHORT_LEASE_MS }),
        async (_req, res) => {
          // Only the first run waits: a retry that wrongly took over answers at once.
          const run = ++leaseRuns.long;
          if (run === 1) {
            await new Promise<void>((resolve) => {
              releaseLong = resolve;
            });
          }
          res.status(201).json({ run });
        },
      )
      // A holder that is alive but stops renewing (a stalled process, a lost database link):
      // its lease runs out while its request is still running.
      .post(
        "/api/stalled",
        requireAuth,
        idempotency({ pool, route: "POST /api/stalled", leaseMs: 300, heartbeatMs: 60_000 }),
        async (_req, res) => {
          const run = ++leaseRuns.stalled;
          if (run === 1) {
            await new Promise<void>((resolve) => {
              releaseStalled = resolve;
            });
          }
          res.status(201).json({ run });
        },
      )
      .post("/api/once", requireAuth, route("/api/once"), async (_req, res) => {
        const run = ++leaseRuns.once;
        await new Promise<void>((resolve) => {
          releaseOnce = resolve;
        });
        res.status(201).json({ run });
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
    expect(Number(second.headers["retry-after"])).toBeGreaterThanOrEqual(1);
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

  const post = (path: string, key: string) =>
    request(app).post(path).set("Cookie", cookie).set("Idempotency-Key", key).send({ n: 1 });
  /** The same key again until it is no longer 409, at most `withinMs`; every answer on the way. */
  const retryUntilServed = async (path: string, key: string, withinMs: number) => {
    const deadline = Date.now() + withinMs;
    const statuses: number[] = [];
    for (;;) {
      const res = await post(path, key);
      statuses.push(res.status);
      if (res.status !== 409 || Date.now() > deadline) return { res, statuses };
      await pause(50);
    }
  };
  const claimOf = async (key: string) =>
    (
      await db.pool.query<{ status_code: number | null; age_ms: number }>(
        `SELECT status_code, extract(epoch FROM now() - created_at)::float8 * 1000 AS age_ms
         FROM idempotency_keys WHERE key = $1`,
        [key],
      )
    ).rows[0];

  it("serves a retry within the short lease after the process holding the key was killed", async () => {
    const holder = spawn(process.execPath, ["--import", "tsx", holderScript], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        USER_ID: userId,
        ROUTE: "POST /api/crash",
        LEASE_MS: String(SHORT_LEASE_MS),
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const [line] = (await once(createInterface({ input: holder.stdout }), "line")) as [string];
      const { port } = JSON.parse(line) as { port: number };
      // The first request reaches the holder, which claims the key and never answers.
      fetch(`http://127.0.0.1:${port}/api/crash`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": "k-crash" },
        body: JSON.stringify({ n: 1 }),
      }).catch(() => "the holder died mid-request");
      await expect.poll(() => claimOf("k-crash"), { timeout: 5_000 }).toBeDefined();
    } finally {
      holder.kill("SIGKILL");
    }
    await once(holder, "exit");
    const killedAt = Date.now();

    const { res, statuses } = await retryUntilServed("/api/crash", "k-crash", 5_000);

    expect(res.status).toBe(201);
    expect(res.headers["idempotent-replayed"]).toBeUndefined();
    // The lease, and then some for a loaded machine: not the minute the lease once was.
    expect(Date.now() - killedAt).toBeLessThan(SHORT_LEASE_MS + 2_000);
    expect(statuses.slice(0, -1).every((status) => status === 409)).toBe(true);
    expect(leaseRuns.crash).toBe(1);
  });

  it("keeps answering 409 while the first request is alive, for several lease lengths", async () => {
    const first = post("/api/long", "k-long").then((res) => res);
    await expect.poll(() => claimOf("k-long")).toBeDefined();

    // Its heartbeat keeps the lease: three lease lengths on, a retry still finds it running.
    for (;;) {
      const retry = await post("/api/long", "k-long");
      expect(retry.status).toBe(409);
      const claim = await claimOf("k-long");
      if ((claim?.age_ms ?? 0) > 3 * SHORT_LEASE_MS) break;
      await pause(100);
    }
    releaseLong();

    const answered = await first;
    expect(answered.status).toBe(201);
    const replay = await post("/api/long", "k-long").expect(201);
    expect(replay.body).toEqual(answered.body);
    expect(leaseRuns.long).toBe(1);
  });

  it("does not let a taken-over holder record its late answer over its successor's", async () => {
    const stalled = post("/api/stalled", "k-stalled").then((res) => res);
    await expect.poll(() => claimOf("k-stalled")).toBeDefined();

    const { res: successor } = await retryUntilServed("/api/stalled", "k-stalled", 3_000);
    expect(successor.status).toBe(201);
    expect(successor.body).toEqual({ run: 2 });
    releaseStalled();
    const late = await stalled;

    expect(late.body).toEqual({ run: 1 });
    const replay = await post("/api/stalled", "k-stalled").expect(201);
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.body).toEqual({ run: 2 });
  });

  it("lets exactly one of two simultaneous retries take over an abandoned key", async () => {
    const requestHash = createHash("sha256")
      .update(JSON.stringify({ n: 1 }))
      .digest("hex");
    for (const key of ["k-race-1", "k-race-2", "k-race-3"]) {
      // What a process killed mid-request leaves, its lease long run out.
      await db.pool.query(
        `INSERT INTO idempotency_keys (user_id, route, key, request_hash, lease_token, locked_at)
         VALUES ($1, 'POST /api/once', $2, $3, gen_random_uuid(), now() - interval '1 minute')`,
        [userId, key, requestHash],
      );
      const before = leaseRuns.once;

      const retries = [post("/api/once", key), post("/api/once", key)].map((r) => r.then((x) => x));
      // The one that took the key over waits in its handler, so the first back is the other.
      const firstBack = await Promise.race(retries);
      expect(firstBack.status).toBe(409);
      await expect.poll(() => leaseRuns.once).toBe(before + 1);
      releaseOnce();

      const statuses = (await Promise.all(retries)).map((res) => res.status).sort();
      expect(statuses).toEqual([201, 409]);
      expect(leaseRuns.once).toBe(before + 1);
    }
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
