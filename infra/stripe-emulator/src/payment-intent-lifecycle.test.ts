import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { useEmulator } from "./testing/use-emulator.js";

describe("a PaymentIntent's life: created, confirmed later, retrieved, canceled", () => {
  const t = useEmulator();

  it("waits for a payment method without one, and for confirmation with one", async () => {
    const bare = await t.stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const withCard = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: "USD",
      payment_method: "pm_card_visa",
    });

    expect(bare).toMatchObject({
      status: "requires_payment_method",
      automatic_payment_methods: { enabled: true },
    });
    expect(withCard).toMatchObject({ status: "requires_confirmation", currency: "usd" });
    expect(t.emulator.ledger().charges).toEqual([]);
  });

  it("confirms later with the payment method given then, or the one it already has", async () => {
    const bare = await t.stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const withCard = await t.stripe.paymentIntents.create({
      amount: 1200,
      currency: "usd",
      payment_method: "pm_card_mastercard",
    });

    const first = await t.stripe.paymentIntents.confirm(bare.id, {
      payment_method: "pm_card_visa",
    });
    const second = await t.stripe.paymentIntents.confirm(withCard.id);

    expect(first.status).toBe("succeeded");
    expect(second.status).toBe("succeeded");
    const charged = t.emulator.ledger().charges.map((charge) => charge.paymentIntent);
    expect(charged).toEqual(expect.arrayContaining([bare.id, withCard.id]));
  });

  it("retrieves a PaymentIntent, its latest charge expanded on request", async () => {
    const paid = await t.stripe.paymentIntents.create({
      amount: 1500,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });

    const plain = await t.stripe.paymentIntents.retrieve(paid.id);
    const expanded = await t.stripe.paymentIntents.retrieve(paid.id, { expand: ["latest_charge"] });

    expect(plain).toMatchObject({
      id: paid.id,
      status: "succeeded",
      latest_charge: paid.latest_charge,
    });
    expect(expanded.latest_charge).toMatchObject({
      id: paid.latest_charge,
      object: "charge",
      amount: 1500,
      status: "succeeded",
      payment_intent: paid.id,
    });
  });

  it("answers 404 resource_missing for a PaymentIntent it does not have", async () => {
    const error = await t.stripe.paymentIntents
      .retrieve("pi_missing")
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: "No such payment_intent: 'pi_missing'",
    });
  });

  it("cancels a PaymentIntent that has not been paid, and says so with payment_intent.canceled", async () => {
    const waiting = await t.stripe.paymentIntents.create({ amount: 1000, currency: "usd" });

    const canceled = await t.stripe.paymentIntents.cancel(waiting.id, {
      cancellation_reason: "abandoned",
    });

    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    await t.emulator.webhooksSettled();
    expect(await t.receiver.received("payment_intent.canceled", waiting.id)).toMatchObject({
      data: { object: { status: "canceled" } },
    });
  });

  it("refuses to cancel a succeeded PaymentIntent with payment_intent_unexpected_state", async () => {
    const paid = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });

    const error = await t.stripe.paymentIntents.cancel(paid.id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      code: "payment_intent_unexpected_state",
      payment_intent: { id: paid.id, status: "succeeded" },
    });
  });

  it("refuses to confirm a succeeded PaymentIntent again, charging nothing more", async () => {
    const paid = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });

    const error = await t.stripe.paymentIntents.confirm(paid.id).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ statusCode: 400, code: "payment_intent_unexpected_state" });
    const charges = t.emulator
      .ledger()
      .charges.filter((charge) => charge.paymentIntent === paid.id);
    expect(charges).toHaveLength(1);
  });
});
