import { createPrivateRedisServer } from "@microtickets/dev-servers";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExpirationTestApp, type ExpirationTestApp } from "./test-app.js";

describe("the operations endpoints", () => {
  let service: ExpirationTestApp;

  beforeAll(async () => {
    service = await createExpirationTestApp("app");
  });

  afterAll(() => service?.close());

  it("answers /healthz", async () => {
    const response = await request(service.app).get("/healthz");

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ok" });
  });

  it("is ready when Redis and NATS answer", async () => {
    const response = await request(service.app).get("/readyz");

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ready", checks: { redis: "ok", nats: "ok" } });
  });

  it("is not ready, at once, while Redis is unreachable", async () => {
    // A server of its own, not started yet: the service comes up without reaching Redis.
    const redisServer = await createPrivateRedisServer();
    const unreachable = await createExpirationTestApp("app_no_redis", {
      redisUrl: redisServer.url,
    });
    try {
      const response = await request(unreachable.app).get("/readyz");

      expect(response.status).toBe(503);
      expect(response.body.checks.redis).toMatch(/^redis connection is /);
    } finally {
      // Up, so that the service stops as usual and its keys can be removed.
      await redisServer.start();
      await unreachable.close();
      await redisServer.destroy();
    }
  });

  it("exposes the lateness of expirations among its metrics", async () => {
    const response = await request(service.app).get("/metrics");

    expect(response.status).toBe(200);
    expect(response.text).toContain("expiration_lateness_seconds");
  });

  it("answers any other path with 404 in the error shape", async () => {
    const response = await request(service.app).post("/api/orders").send({});

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ errors: [{ message: expect.any(String) }] });
  });
});
