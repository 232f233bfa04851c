import { once } from "node:events";
import { createServer } from "node:net";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { API_VERSION } from "./account/events.js";
import { type StripeEmulator, startStripeEmulator } from "./emulator.js";
import { stripeFor } from "./testing/stripe-client.js";
import {
  startWebhookReceiver,
  TEST_WEBHOOK_SECRET,
  type WebhookReceiver,
} from "./testing/webhook-receiver.js";
import { stripeSignature } from "./webhook-signature.js";

const webhooks = new Stripe("sk_test_signature_check").webhooks;

describe("webhooks: signed events, POSTed after the answer and retried until taken", () => {
  let emulator: StripeEmulator;
  let receiver: WebhookReceiver;
  let stripe: Stripe;
  // Each warning the emulator logs, to a test that waits for one.
  let onWarning: (warning: { msg?: string; url?: string }) => void = () => {};
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    emulator = await startStripeEmulator({
      webhook: { url: receiver.url, secret: TEST_WEBHOOK_SECRET },
      webhookRetry: { initialMs: 5, maxMs: 20, maxAttempts: 1000 },
      logger: {
        info: () => {},
        warn: (obj, msg) => onWarning({ ...obj, msg }),
        error: () => {},
      },
    });
    stripe = stripeFor(emulator.url);
  });
  afterEach(() => {
    emulator.setWebhook({ url: receiver.url, secret: TEST_WEBHOOK_SECRET });
  });
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });

  const pay = (idempotencyKey?: string) =>
    stripe.paymentIntents.create(
      { amount: 1000, currency: "usd", payment_method: "pm_card_visa", confirm: true },
      idempotencyKey ? { idempotencyKey } : {},
    );
  const deliveriesOf = (eventId: string) =>
    receiver.deliveries.filter((delivery) => JSON.parse(delivery.body).id === eventId);

  it("signs exactly as Stripe: the SDK verifies with the endpoint's secret and refuses another", async () => {
    const paymentIntent = await pay();
    const event = await receiver.received("payment_intent.succeeded", paymentIntent.id);
    const [delivery] = deliveriesOf(event.id);
    if (!delivery) throw new Error("no delivery recorded");

    expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(webhooks.constructEvent(delivery.body, delivery.signature, TEST_WEBHOOK_SECRET).id).toBe(
      event.id,
    );
    expect(() =>
      webhooks.constructEvent(delivery.body, delivery.signature, "whsec_someone_else"),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it("signs the same header as the SDK's own test helper", () => {
    const payload = JSON.stringify({ id: "evt_1", object: "event" });
    const at = new Date("2026-01-02T03:04:05Z");

    expect(stripeSignature(payload, "whsec_x", at)).toBe(
      webhooks.generateTestHeaderString({
        payload,
        secret: "whsec_x",
        timestamp: at.getTime() / 1000,
      }),
    );
  });

  it("sends Stripe's event shape: api_version, livemode, the request and its idempotency key", async () => {
    const paymentIntent = await pay("event-shape-1");

    const event = await receiver.received("payment_intent.succeeded", paymentIntent.id);

    expect(event).toMatchObject({
      object: "event",
      api_version: Stripe.API_VERSION,
      livemode: false,
      pending_webhooks: 1,
      request: { id: paymentIntent.lastResponse.requestId, idempotency_key: "event-shape-1" },
      data: { object: { id: paymentIntent.id, status: "succeeded" } },
    });
    expect(event.id).toMatch(/^evt_[A-Za-z0-9]{24}$/);
    expect(API_VERSION).toBe(Stripe.API_VERSION);
  });

  it("retries an event the receiver answered 500: the same event arrives again and is taken", async () => {
    const before = receiver.deliveries.length;
    receiver.failNext(1);
    await pay();
    await emulator.webhooksSettled();

    const attempts = receiver.deliveries.slice(before);
    const refused = attempts.find((attempt) => attempt.status === 500);
    const eventId: string = JSON.parse(refused?.body ?? "{}").id;
    const ofThatEvent = attempts.filter((attempt) => JSON.parse(attempt.body).id === eventId);
    expect(ofThatEvent.map((attempt) => attempt.status)).toEqual([500, 200]);
    expect(receiver.events.filter((event) => event.id === eventId)).toHaveLength(1);
    for (const attempt of ofThatEvent) {
      expect(() =>
        webhooks.constructEvent(attempt.body, attempt.signature, TEST_WEBHOOK_SECRET),
      ).not.toThrow();
    }
  });

  it("keeps retrying while nothing listens, and delivers once the endpoint answers", async () => {
    const deadUrl = `http://127.0.0.1:${await unusedPort()}/`;
    emulator.setWebhook({ url: deadUrl, secret: TEST_WEBHOOK_SECRET });
    const failedAttempt = new Promise((resolve) => {
      onWarning = (warning) => {
        if (warning.url === deadUrl) resolve(warning.msg);
      };
    });
    const paymentIntent = await pay();
    expect(await failedAttempt).toBe("webhook delivery failed; retrying");

    // The endpoint comes back (here: moves); the retries follow it.
    emulator.setWebhook({ url: receiver.url, secret: TEST_WEBHOOK_SECRET });
    await emulator.webhooksSettled();

    expect(await receiver.received("payment_intent.succeeded", paymentIntent.id)).toBeDefined();
    await emulator.webhooksSettled();
  });

  it("serves each event at GET /v1/events/:id, pending_webhooks 0 once delivered", async () => {
    const paymentIntent = await pay();
    const event = await receiver.received("payment_intent.succeeded", paymentIntent.id);
    await emulator.webhooksSettled();

    const fetched = await stripe.events.retrieve(event.id);

    expect(fetched).toMatchObject({ id: event.id, type: event.type, pending_webhooks: 0 });
    await expect(stripe.events.retrieve("evt_missing")).rejects.toMatchObject({ statusCode: 404 });
  });

  it("sends nothing without an endpoint, and none of those events later (as Stripe)", async () => {
    emulator.setWebhook(undefined);
    const deliveriesBefore = receiver.deliveries.length;
    const paymentIntent = await pay();
    await emulator.webhooksSettled();

    emulator.setWebhook({ url: receiver.url, secret: TEST_WEBHOOK_SECRET });
    await emulator.webhooksSettled();

    expect(receiver.deliveries).toHaveLength(deliveriesBefore);
    expect(
      receiver.events.some(
        (event) => (event.data.object as { id: string }).id === paymentIntent.id,
      ),
    ).toBe(false);
  });
});

/** A port nothing listens on: taken from the OS, then let go. */
async function unusedPort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  await once(probe, "close");
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}
