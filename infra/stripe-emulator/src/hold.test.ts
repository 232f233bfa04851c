import { eventually } from "@microtickets/common/testing";
import { describe, expect, it } from "vitest";
import { emulatorClient } from "./client.js";
import { useEmulator } from "./testing/use-emulator.js";

describe("hold(): Stripe charges, but its answer and webhooks come only at release", () => {
  const t = useEmulator();

  const payment = {
    amount: 4000,
    currency: "usd",
    payment_method: "pm_card_visa",
    confirm: true,
    metadata: { orderId: "order-held" },
  };
  /** The types of the events delivered so far about one PaymentIntent. */
  const sentAbout = (paymentIntentId: string) =>
    t.receiver.events
      .filter((event) => (event.data.object as { id?: string }).id === paymentIntentId)
      .map((event) => event.type);
  const chargedFor = (paymentIntentId: string) =>
    t.emulator.ledger().charges.some((c) => c.paymentIntent === paymentIntentId);
  const settledFlag = (promise: Promise<unknown>) => {
    const flag = { settled: false };
    void promise.finally(() => {
      flag.settled = true;
    });
    return flag;
  };

  it("charges while the answer and the webhook wait; a retry with the key gets the answer at once", async () => {
    const held = t.emulator.hold();
    const answer = t.stripe.paymentIntents.create(payment, { idempotencyKey: "held-1" });
    const answered = settledFlag(answer);

    const charge = await eventually(
      () => t.emulator.ledger().charges.find((c) => c.metadata.orderId === "order-held") ?? null,
    );
    expect(answered.settled).toBe(false);
    expect(sentAbout(charge.paymentIntent)).toEqual([]);

    // The caller gave up and retries with the same key: the saved answer, nothing charged again.
    const retry = await t.stripe.paymentIntents.create(payment, { idempotencyKey: "held-1" });
    expect(retry).toMatchObject({ id: charge.paymentIntent, status: "succeeded" });
    expect(retry.lastResponse.headers["idempotent-replayed"]).toBe("true");

    held.release();
    expect((await answer).id).toBe(charge.paymentIntent);
    await t.receiver.received("payment_intent.succeeded", charge.paymentIntent);
    expect(
      t.emulator.ledger().charges.filter((c) => c.paymentIntent === charge.paymentIntent),
    ).toHaveLength(1);
  });

  it("does not hold an answer that charged nothing: a decline answers at once", async () => {
    const held = t.emulator.hold();
    try {
      const error = await t.stripe.paymentIntents
        .create({ ...payment, payment_method: "pm_card_chargeDeclined" })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ statusCode: 402 });
    } finally {
      held.release();
    }
  });

  it("holds a successful 3-D Secure authentication the same way", async () => {
    const waiting = await t.stripe.paymentIntents.create({
      ...payment,
      payment_method: "pm_card_authenticationRequired",
    });
    const held = t.emulator.hold();

    const authenticated = t.emulator.authenticate(waiting.id, "succeed");
    const done = settledFlag(authenticated);
    await eventually(() => chargedFor(waiting.id));
    expect(done.settled).toBe(false);
    expect(
      sentAbout(waiting.id).filter((type) => type !== "payment_intent.requires_action"),
    ).toEqual([]);

    held.release();
    await authenticated;
    await t.receiver.received("payment_intent.succeeded", waiting.id);
    expect((await t.stripe.paymentIntents.retrieve(waiting.id)).status).toBe("succeeded");
  });

  it("offers the same controls over HTTP to a test in another process", async () => {
    const client = emulatorClient(t.emulator.url);
    const waiting = await t.stripe.paymentIntents.create({
      ...payment,
      payment_method: "pm_card_threeDSecure2Required",
    });

    const held = await client.hold();
    const authenticated = client.authenticate(waiting.id, "succeed");
    await eventually(() => chargedFor(waiting.id));
    await held.release();
    await authenticated;
    await t.receiver.received("payment_intent.succeeded", waiting.id);

    const ledger = await client.ledger();
    expect(ledger.charges.filter((charge) => charge.paymentIntent === waiting.id)).toEqual([
      expect.objectContaining({ amount: 4000, metadata: { orderId: "order-held" } }),
    ]);
    await expect(client.authenticate(waiting.id, "fail")).rejects.toThrow(/400/);
  });
});
