import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { useEmulator } from "./testing/use-emulator.js";

describe("refunds of a succeeded PaymentIntent", () => {
  const t = useEmulator();

  const paid = (amount = 5000) =>
    t.stripe.paymentIntents.create({
      amount,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });
  const refundsOf = (paymentIntentId: string) =>
    t.emulator.ledger().refunds.filter((refund) => refund.paymentIntent === paymentIntentId);

  it("refunds the whole charge by default: succeeded, in the ledger, refund.created and charge.refunded", async () => {
    const paymentIntent = await paid();

    const refund = await t.stripe.refunds.create({ payment_intent: paymentIntent.id });

    expect(refund).toMatchObject({
      object: "refund",
      status: "succeeded",
      amount: 5000,
      currency: "usd",
      payment_intent: paymentIntent.id,
      charge: paymentIntent.latest_charge,
    });
    expect(refund.id).toMatch(/^re_[A-Za-z0-9]{24}$/);
    expect(refundsOf(paymentIntent.id)).toEqual([
      {
        id: refund.id,
        paymentIntent: paymentIntent.id,
        charge: paymentIntent.latest_charge,
        amount: 5000,
        created: expect.any(Number),
      },
    ]);
    expect((await t.receiver.received("refund.created", refund.id)).data.object).toMatchObject({
      amount: 5000,
    });
    const chargeRefunded = await t.receiver.received("charge.refunded", String(refund.charge));
    expect(chargeRefunded.data.object).toMatchObject({ refunded: true, amount_refunded: 5000 });
  });

  it("refunds in parts, by PaymentIntent or by charge, up to what was charged", async () => {
    const paymentIntent = await paid(5000);

    await t.stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 2000 });
    const rest = await t.stripe.refunds.create({ charge: String(paymentIntent.latest_charge) });

    expect(rest.amount).toBe(3000);
    expect(refundsOf(paymentIntent.id).map((refund) => refund.amount)).toEqual([2000, 3000]);
  });

  it("refuses to refund more than is left, with Stripe's message on the amount param", async () => {
    const paymentIntent = await paid(5000);
    await t.stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 4000 });

    const error = await t.stripe.refunds
      .create({ payment_intent: paymentIntent.id, amount: 2000 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      param: "amount",
      message: "Refund amount ($20.00) is greater than unrefunded amount on charge ($10.00)",
    });
    expect(refundsOf(paymentIntent.id)).toHaveLength(1);
  });

  it("refuses to refund a fully refunded charge again with charge_already_refunded", async () => {
    const paymentIntent = await paid();
    await t.stripe.refunds.create({ payment_intent: paymentIntent.id });

    const error = await t.stripe.refunds
      .create({ payment_intent: paymentIntent.id })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: "charge_already_refunded" });
    expect(refundsOf(paymentIntent.id)).toHaveLength(1);
  });

  it("refuses to refund a PaymentIntent that has not succeeded", async () => {
    const unpaid = await t.stripe.paymentIntents.create({ amount: 1000, currency: "usd" });

    const error = await t.stripe.refunds
      .create({ payment_intent: unpaid.id })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ statusCode: 400, code: "payment_intent_unexpected_state" });
  });

  it("retrieves a refund, and answers 404 for one it does not have", async () => {
    const paymentIntent = await paid();
    const refund = await t.stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 100 });

    expect(await t.stripe.refunds.retrieve(refund.id)).toMatchObject({
      id: refund.id,
      amount: 100,
    });
    await expect(t.stripe.refunds.retrieve("re_missing")).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
  });
});
