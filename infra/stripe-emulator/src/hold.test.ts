import { eventually } from "@microtickets/common/testing";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorClient } from "./client.js";
import { type StripeEmulator, startStripeEmulator } from "./emulator.js";
import { stripeFor } from "./testing/stripe-client.js";
import {
  startWebhookReceiver,
  TEST_WEBHOOK_SECRET,
  type WebhookReceiver,
} from "./testing/webhook-receiver.js";

describe("hold(): Stripe charges, but its answer and webhooks come only at release", () => {
  let emulator: StripeEmulator;
  let receiver: WebhookReceiver;
  let stripe: Stripe;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    emulator = await startStripeEmulator({
      webhook: { url: receiver.url, secret: TEST_WEBHOOK_SECRET },
    });
    stripe = stripeFor(emulator.url);
  });
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });

  const payment = {
    amount: 4000,
    currency: "usd",
    payment_method: "pm_card_visa",
    confirm: true,
    metadata: { orderId: "order-held" },
  };
  /** The types of the events delivered so far about one PaymentIntent. */
  const sentAbout = (paymentIntentId: string) =>
    receiver.events
      .filter((event) => (event.data.object as { id?: string }).id === paymentIntentId)
      .map((event) => event.type);
  const chargedFor = (paymentIntentId: string) =>
    emulator.ledger().charges.some((c) => c.paymentIntent === paymentIntentId);
  const settledFlag = (promise: Promise<unknown>) => {
    const flag = { settled: false };
    void promise.finally(() => {
      flag.settled = true;
    });
    return flag;
  };

  it("charges while the answer and the webhook wait; a retry with the key gets the answer at once", async () => {
    const held = emulator.hold();
    const answer = stripe.paymentIntents.create(payment, { idempotencyKey: "held-1" });
    const answered = settledFlag(answer);

    const charge = await eventually(
      () => emulator.ledger().charges.find((c) => c.metadata.orderId === "order-held") ?? null,
    );
    expect(answered.settled).toBe(false);
    expect(sentAbout(charge.paymentIntent)).toEqual([]);

    // The caller gave up and retries with the same key: the saved answer, nothing charged again.
    const retry = await stripe.paymentIntents.create(payment, { idempotencyKey: "held-1" });
    expect(retry).toMatchObject({ id: charge.paymentIntent, status: "succeeded" });
    expect(retry.lastResponse.headers["idempotent-replayed"]).toBe("true");

    held.release();
    expect((await answer).id).toBe(charge.paymentIntent);
    await receiver.received("payment_intent.succeeded", charge.paymentIntent);
    expect(
      emulator.ledger().charges.filter((c) => c.paymentIntent === charge.paymentIntent),
    ).toHaveLength(1);
  });

  it("does not hold an answer that charged nothing: a decline answers at once", async () => {
    const held = emulator.hold();
    try {
      const error = await stripe.paymentIntents
        .create({ ...payment, payment_method: "pm_card_chargeDeclined" })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ statusCode: 402 });
    } finally {
      held.release();
    }
  });

  it("holds a successful 3-D Secure authentication the same way", async () => {
    const waiting = await stripe.paymentIntents.create({
      ...payment,
      payment_method: "pm_card_authenticationRequired",
    });
    const held = emulator.hold();

    const authenticated = emulator.authenticate(waiting.id, "succeed");
    const done = settledFlag(authenticated);
    await eventually(() => chargedFor(waiting.id));
    expect(done.settled).toBe(false);
    expect(
      sentAbout(waiting.id).filter((type) => type !== "payment_intent.requires_action"),
    ).toEqual([]);

    held.release();
    await authenticated;
    await receiver.received("payment_intent.succeeded", waiting.id);
    expect((await stripe.paymentIntents.retrieve(waiting.id)).status).toBe("succeeded");
  });

  it("offers the same controls over HTTP to a test in another process", async () => {
    const client = emulatorClient(emulator.url);
    const waiting = await stripe.paymentIntents.create({
      ...payment,
      payment_method: "pm_card_threeDSecure2Required",
    });

    const held = await client.hold();
    const authenticated = client.authenticate(waiting.id, "succeed");
    await eventually(() => chargedFor(waiting.id));
    await held.release();
    await authenticated;
    await receiver.received("payment_intent.succeeded", waiting.id);

    const ledger = await client.ledger();
    expect(ledger.charges.filter((charge) => charge.paymentIntent === waiting.id)).toEqual([
      expect.objectContaining({ amount: 4000, metadata: { orderId: "order-held" } }),
    ]);
    await expect(client.authenticate(waiting.id, "fail")).rejects.toThrow(/400/);
  });
});
