import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "./test-app.js";

describe("the payments service skeleton", () => {
  let t: PaymentsTestApp;
  beforeAll(async () => {
    t = await createPaymentsTestApp("app");
  });
  afterAll(() => t.close());

  it("reports ready when its database and NATS answer", async () => {
    const res = await request(t.app).get("/readyz").expect(200);
    expect(res.body).toEqual({ status: "ready", checks: { database: "ok", nats: "ok" } });
    await request(t.app).get("/healthz").expect(200);
  });

  it("counts and times its calls to Stripe by outcome in /metrics", async () => {
    const { order, buyer } = await t.seedOrder();
    await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_chargeDeclined" });
    await t.pay(buyer, { orderId: order.id, paymentMethodId: "pm_card_visa" }).expect(201);

    const metrics = (await request(t.app).get("/metrics").expect(200)).text;

    expect(metrics).toMatch(
      /payments_stripe_call_seconds_count\{call="charge",outcome="ok"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /payments_stripe_call_seconds_count\{call="charge",outcome="declined"\} [1-9]/,
    );
  });

  it("answers unknown routes, and a GET of the webhook, with 404 in the error shape", async () => {
    for (const path of ["/api/payments/x", "/api/payments/webhook"]) {
      const res = await request(t.app).get(path).expect(404);
      expect(res.body).toEqual({ errors: [{ message: "Not found" }] });
    }
  });

  it("refuses a webhook body over 100 kB with 413", async () => {
    const res = await request(t.app)
      .post("/api/payments/webhook")
      .set("Content-Type", "application/json")
      .set("Stripe-Signature", "t=1,v1=00")
      .send(`{"pad":"${"x".repeat(110_000)}"}`);

    expect(res.status).toBe(413);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] });
  });
});
