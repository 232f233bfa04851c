import { describe, expect, it } from "vitest";
import { useEmulator } from "./testing/use-emulator.js";

describe("3-D Secure: the buyer authenticates (or fails to) after confirmation", () => {
  const t = useEmulator();

  const awaitingAuthentication = () =>
    t.stripe.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
      metadata: { orderId: "order-3ds" },
    });

  it("charges once the buyer succeeds: succeeded, a ledger charge, payment_intent.succeeded", async () => {
    const paymentIntent = await awaitingAuthentication();

    await t.emulator.authenticate(paymentIntent.id, "succeed");

    const after = await t.stripe.paymentIntents.retrieve(paymentIntent.id);
    expect(after).toMatchObject({ status: "succeeded", next_action: null, amount_received: 3000 });
    expect(t.emulator.ledger().charges).toContainEqual(
      expect.objectContaining({ id: after.latest_charge, paymentIntent: paymentIntent.id }),
    );
    const succeeded = await t.receiver.received("payment_intent.succeeded", paymentIntent.id);
    // The buyer's browser did it, not an API request.
    expect(succeeded.request).toEqual({ id: null, idempotency_key: null });
  });

  it("returns to requires_payment_method when the buyer fails, with payment_intent.payment_failed", async () => {
    const paymentIntent = await awaitingAuthentication();

    await t.emulator.authenticate(paymentIntent.id, "fail");

    const after = await t.stripe.paymentIntents.retrieve(paymentIntent.id);
    expect(after).toMatchObject({
      status: "requires_payment_method",
      payment_method: null,
      next_action: null,
      last_payment_error: { code: "payment_intent_authentication_failure" },
    });
    const charged = t.emulator.ledger().charges.map((charge) => charge.paymentIntent);
    expect(charged).not.toContain(paymentIntent.id);
    const failed = await t.receiver.received("payment_intent.payment_failed", paymentIntent.id);
    expect(failed.data.object).toMatchObject({ status: "requires_payment_method" });
  });

  it("accepts another card after a failed authentication", async () => {
    const paymentIntent = await awaitingAuthentication();
    await t.emulator.authenticate(paymentIntent.id, "fail");

    const retried = await t.stripe.paymentIntents.confirm(paymentIntent.id, {
      payment_method: "pm_card_visa",
    });

    expect(retried).toMatchObject({ status: "succeeded", last_payment_error: null });
  });

  it("refuses to authenticate a PaymentIntent that is not awaiting it", async () => {
    const paid = await t.stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });

    await expect(t.emulator.authenticate(paid.id, "succeed")).rejects.toMatchObject({
      status: 400,
      fields: { code: "payment_intent_unexpected_state" },
    });
    await expect(t.emulator.authenticate("pi_missing", "succeed")).rejects.toMatchObject({
      status: 404,
    });
  });
});
