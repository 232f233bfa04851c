import { randomUUID } from "node:crypto";
import { sample } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";
import { recordHold } from "./holds.js";
import { type Payment, PaymentStatus } from "./payment.js";
import { settleAttempt } from "./payment-changes.js";
import { settleUnsettledPayments } from "./payment-sweep.js";
import { findPayment, insertPayment } from "./payments.js";
import { chargeAttempt } from "./stripe-calls.js";

/** The sweep finishes attempts whose request died with its process. */
describe("the payment sweep", () => {
  let t: PaymentsTestApp;
  beforeAll(async () => {
    t = await createPaymentsTestApp("payment_sweep");
  });
  afterAll(() => t.close());

  /**
   * An attempt saved by a request that then died, as POST /api/payments leaves it: orders held
   * the order for it (`held`), or has not answered yet.
   */
  async function abandonedAttempt(
    paymentMethod = "pm_card_visa",
    { held = true, order: seeded = {} } = {},
  ): Promise<Payment> {
    const { order, buyer } = await t.seedOrder(seeded);
    const payment: Payment = {
      id: randomUUID(),
      orderId: order.id,
      userId: buyer.user.id,
      amountCents: order.ticket.priceCents,
      paymentMethod,
      status: PaymentStatus.Pending,
      stripeId: null,
      failure: null,
      refundId: null,
    };
    await insertPayment(t.db, payment);
    if (held) await recordHold(t.db, payment.id);
    return payment;
  }
  const sweepStale = () => settleUnsettledPayments(t.deps, 0, t.logger);

  it("charges an attempt that died before asking Stripe, once however often it runs", async () => {
    const payment = await abandonedAttempt();

    await sweepStale();
    await sweepStale();

    expect((await findPayment(t.db, payment.id))?.status).toBe("succeeded");
    expect(t.ledgerOf(payment.orderId).charges).toHaveLength(1);
    const created = await t.published("payment.created", (data) => data.id === payment.id);
    expect(created.data).toMatchObject({ orderId: payment.orderId, amountCents: 2_050 });
  });

  it("records the charge of an attempt that died after Stripe charged, without charging again", async () => {
    const payment = await abandonedAttempt();
    // Stripe charged; the answer never reached a process that could record it.
    await chargeAttempt(t.deps.stripe, payment);

    await sweepStale();

    expect((await findPayment(t.db, payment.id))?.status).toBe("succeeded");
    expect(t.ledgerOf(payment.orderId).charges).toHaveLength(1);
  });

  it("records a decline for an attempt that died, freeing the order for another card", async () => {
    const payment = await abandonedAttempt("pm_card_chargeDeclined");

    await sweepStale();

    expect(await findPayment(t.db, payment.id)).toMatchObject({
      status: "failed",
      failure: "Your card was declined.",
    });
  });

  it("leaves a recent pending attempt to the request that is still running it", async () => {
    const payment = await abandonedAttempt();

    await settleUnsettledPayments(t.deps, 60_000, t.logger);

    expect((await findPayment(t.db, payment.id))?.status).toBe("pending");
    expect(t.ledgerOf(payment.orderId).charges).toEqual([]);
  });

  it("charges nothing for an attempt orders has not held, and ends it once its order is cancelled", async () => {
    const payment = await abandonedAttempt("pm_card_visa", { held: false });

    await sweepStale();
    expect((await findPayment(t.db, payment.id))?.status).toBe("pending");

    await t.apply(sample.orderCancelled({ id: payment.orderId, userId: payment.userId }));
    await sweepStale();

    expect(await findPayment(t.db, payment.id)).toMatchObject({
      status: "canceled",
      failure: "The order was cancelled",
    });
    expect(t.ledgerOf(payment.orderId).charges).toEqual([]);
  });

  it("ends a hold at PAYMENT_HOLD_SECONDS past the lock: 3-D Secure left unfinished is cancelled", async () => {
    const expiresAt = new Date(Date.now() - (t.deps.holdSeconds + 1) * 1_000);
    const { order, buyer } = await t.seedOrder({ expiresAt: expiresAt.toISOString() });
    const payment: Payment = {
      id: randomUUID(),
      orderId: order.id,
      userId: buyer.user.id,
      amountCents: order.ticket.priceCents,
      paymentMethod: "pm_card_authenticationRequired",
      status: PaymentStatus.Pending,
      stripeId: null,
      failure: null,
      refundId: null,
    };
    await insertPayment(t.db, payment);
    await recordHold(t.db, payment.id);
    const answer = await chargeAttempt(t.deps.stripe, payment);
    if (answer.kind !== "intent") throw new Error("Stripe refused the 3-D Secure attempt");
    await settleAttempt(t.db, payment.id, answer.intent);
    expect((await findPayment(t.db, payment.id))?.status).toBe("requires_action");

    await settleUnsettledPayments(t.deps, 60_000, t.logger);

    expect((await findPayment(t.db, payment.id))?.status).toBe("canceled");
    const failed = await t.published("payment.failed", (data) => data.id === payment.id);
    expect(failed.data).toMatchObject({ orderId: order.id });
  });
});
