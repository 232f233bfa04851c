import { generateKeyPairSync } from "node:crypto";
import { Router } from "express";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "../errors/index.js";
import { createLogger } from "../logger.js";
import { createApp } from "./create-app.js";
import { requireAuth } from "./require-auth.js";
import { importSessionPublicKeys } from "./session.js";

// How pg reports a database that is gone: refused, cut off mid-query, or a client cut off before.
const DATABASE_DOWN = {
  refused: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
    code: "ECONNREFUSED",
  }),
  terminated: new Error("Connection terminated unexpectedly"),
  unqueryable: new Error("Client has encountered a connection error and is not queryable"),
};

const routes = Router()
  .get("/api/things/boom", () => {
    throw new Error("secret detail at /srv/app.ts:42");
  })
  .get("/api/things/db-down/:how", (req) => {
    throw DATABASE_DOWN[req.params.how as keyof typeof DATABASE_DOWN];
  })
  .get("/api/things/taken", () => {
    throw new ConflictError("Already taken");
  })
  .get("/api/things/mine", requireAuth, (_req, res) => {
    res.json({ ok: true });
  })
  .get("/api/things/:id", (req, res) => {
    res.json({ id: req.params.id });
  })
  .post("/api/things", (req, res) => {
    res.status(201).json(req.body);
  });

describe("the service skeleton", () => {
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const { publicKey } = generateKeyPairSync("ed25519");
    app = createApp({
      logger: createLogger("test"),
      sessionPublicKey: await importSessionPublicKeys([
        publicKey.export({ type: "spki", format: "pem" }).toString(),
      ]),
      readiness: { broken: () => Promise.reject(new Error("down")) },
      routes: [routes],
    });
  });

  it("hides an unexpected error behind a generic 500", async () => {
    const res = await request(app).get("/api/things/boom").expect(500);
    expect(res.body).toEqual({ errors: [{ message: "Something went wrong" }] });
    expect(res.text).not.toContain("secret");
  });

  it.each(Object.keys(DATABASE_DOWN))("answers 503 when the database is gone (%s)", async (how) => {
    const res = await request(app).get(`/api/things/db-down/${how}`).expect(503);
    expect(res.body).toEqual({ errors: [{ message: "Service temporarily unavailable" }] });
  });

  it("serializes a known error with its status", async () => {
    await request(app)
      .get("/api/things/taken")
      .expect(409, { errors: [{ message: "Already taken" }] });
  });

  it("refuses a protected route without a session", async () => {
    await request(app)
      .get("/api/things/mine")
      .expect(401, { errors: [{ message: "Not signed in" }] });
  });

  it("takes JSON and refuses other media types on mutating routes", async () => {
    await request(app).post("/api/things").send({ a: 1 }).expect(201, { a: 1 });
    await request(app)
      .post("/api/things")
      .set("Content-Type", "application/x-www-form-urlencoded")
      .send("a=1")
      .expect(415);
  });

  it("answers a path it cannot percent-decode as an unknown resource: 404", async () => {
    await request(app)
      .get("/api/things/%E0%A4%A")
      .expect("Content-Type", /json/)
      .expect(404, { errors: [{ message: "Not found" }] });
  });

  it.each(["gzip", "deflate", "br"])(
    "refuses a body that says it is %s and is not",
    async (encoding) => {
      const res = await request(app)
        .post("/api/things")
        .set("Content-Type", "application/json")
        .set("Content-Encoding", encoding)
        .send('{"a":1}')
        .expect(400);
      expect(res.body).toEqual({
        errors: [{ message: "The body is not encoded as its Content-Encoding says" }],
      });
    },
  );

  it.each([
    ['{"email":"a\\ud800@example.com"}', "email"],
    ['{"items":[{"name":"ok"},{"name":"\\udc00"}]}', "items.1.name"],
    ['{"\\ud800":1}', "body"],
    ['{"venue":"a\\u0000b"}', "venue"],
  ])("refuses %s, a string PostgreSQL cannot store, naming %s", async (body, field) => {
    await request(app)
      .post("/api/things")
      .set("Content-Type", "application/json")
      .send(body)
      .expect(400, {
        errors: [{ field, message: "Must be text without NUL characters or unpaired surrogates" }],
      });
  });

  it("takes characters outside the BMP, which JSON writes as surrogate pairs", async () => {
    await request(app)
      .post("/api/things")
      .set("Content-Type", "application/json")
      .send('{"title":"\\ud83c\\udfb5 live"}')
      .expect(201, { title: "🎵 live" });
  });

  it("sends hardening headers and hides the framework", async () => {
    const res = await request(app).get("/api/things/taken");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("keeps a caller's request id and makes one otherwise", async () => {
    const kept = await request(app).get("/api/nowhere").set("X-Request-Id", "abc-123");
    expect(kept.headers["x-request-id"]).toBe("abc-123");
    const made = await request(app).get("/api/nowhere");
    expect(made.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports not ready, naming the failing dependency", async () => {
    const res = await request(app).get("/readyz").expect(503);
    expect(res.body).toEqual({ status: "not ready", checks: { broken: "down" } });
  });
});
