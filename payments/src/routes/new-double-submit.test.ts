import { eventually } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";

/** However a buyer repeats a payment, Stripe's ledger shows one charge. */
describe("POST /api/payments submitted more than once", () => {
  let t: PaymentsTestApp;
  beforeAll(async () => {
    t = await createPaymentsTestApp("double_submit");
  });
  afterAll(() => t.close());

  const visa = (orderId: string) => ({ orderId, paymentMethodId: "pm_card_visa" });

  it("replays the first answer to the same Idempotency-Key", async () => {
    const { order, buyer } = await t.seedOrder();
    const key = { "Idempotency-Key": "pay-once" };

    const first = await t.pay(buyer, visa(order.id), key).expect(201);
    const retry = await t.pay(buyer, visa(order.id), key);

    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });

  it("replays a decline to the same key, and charges the next card under a new key", async () => {
    const { order, buyer } = await t.seedOrder();
    const declined = { orderId: order.id, paymentMethodId: "pm_card_chargeDeclined" };

    await t.pay(buyer, declined, { "Idempotency-Key": "card-1" }).expect(402);
    const replay = await t.pay(buyer, declined, { "Idempotency-Key": "card-1" }).expect(402);
    await t.pay(buyer, visa(order.id), { "Idempotency-Key": "card-2" }).expect(201);

    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });

  it("refuses a second charge under another key with 409", async () => {
    const { order, buyer } = await t.seedOrder();

    await t.pay(buyer, visa(order.id), { "Idempotency-Key": "a" }).expect(201);
    const second = await t.pay(buyer, visa(order.id), { "Idempotency-Key": "b" });

    expect(second.status).toBe(409);
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });

  it("charges once for ten concurrent requests with different keys or none", async () => {
    const { order, buyer } = await t.seedOrder();

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.pay(buyer, visa(order.id), i % 2 ? { "Idempotency-Key": `concurrent-${i}` } : {}),
      ),
    );

    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });

  it("charges once for concurrent requests with the same key", async () => {
    const { order, buyer } = await t.seedOrder();

    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.pay(buyer, visa(order.id), { "Idempotency-Key": "same" })),
    );

    const created = answers.filter((res) => res.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((res) => res.body.id)).size).toBe(1);
    expect(answers.every((res) => res.status === 201 || res.status === 409)).toBe(true);
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });

  it("charges once when a buyer gives up waiting and retries with the same key", async () => {
    const { order, buyer } = await t.seedOrder();
    const key = { "Idempotency-Key": "slow-stripe" };
    // Stripe charges but is slow to answer; the buyer's browser gives up after 300 ms.
    const held = t.stripeEmulator.hold();
    const gaveUp = await t
      .pay(buyer, visa(order.id), key)
      .timeout(300)
      .then(
        () => false,
        (error: { timeout?: number }) => error.timeout === 300,
      );
    expect(gaveUp).toBe(true);

    const whileRunning = await t.pay(buyer, visa(order.id), key);
    expect(whileRunning.status).toBe(409);

    held.release();
    // The buyer retries until the first request has finished, and then gets its answer.
    const retry = await eventually(async () => {
      const res = await t.pay(buyer, visa(order.id), key);
      return res.status === 409 ? null : res;
    });
    expect(retry.status).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });
});
