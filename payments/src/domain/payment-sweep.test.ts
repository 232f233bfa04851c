import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";
import { type Payment, PaymentStatus } from "./payment.js";
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

  /** An attempt saved by a request that then died, as POST /api/payments leaves it. */
  async function abandonedAttempt(paymentMethod = "pm_card_visa"): Promise<Payment> {
    const { order, buyer } = await t.seedOrder();
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
});
