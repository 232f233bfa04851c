import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "./test-app.js";

describe("the orders service skeleton", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("app");
  });
  afterAll(() => t.close());

  it("reports ready when its database and NATS answer", async () => {
    const res = await request(t.app).get("/readyz").expect(200);
    expect(res.body).toEqual({ status: "ready", checks: { database: "ok", nats: "ok" } });
    await request(t.app).get("/healthz").expect(200);
  });

  it("answers unknown routes under /api/orders with 404 in the error shape", async () => {
    const { cookie } = await t.sessions.signIn();
    const res = await request(t.app).get("/api/orders/x/y").set("Cookie", cookie).expect(404);
    expect(res.body).toEqual({ errors: [{ message: "Not found" }] });
  });
});
