import type Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import { type StripeEmulator, startStripeEmulator } from "../emulator.js";
import { stripeFor } from "./stripe-client.js";
import {
  startWebhookReceiver,
  TEST_WEBHOOK_SECRET,
  type WebhookReceiver,
} from "./webhook-receiver.js";

export interface EmulatorFixture {
  emulator: StripeEmulator;
  /** Where the emulator sends its webhooks; verifies each as the payments service would. */
  receiver: WebhookReceiver;
  /** The official SDK pointed at the emulator. */
  stripe: Stripe;
}

/** An emulator, its webhook receiver and an SDK client for the test file, closed after it. */
export function useEmulator(): EmulatorFixture {
  const fixture = {} as EmulatorFixture;
  beforeAll(async () => {
    fixture.receiver = await startWebhookReceiver();
    fixture.emulator = await startStripeEmulator({
      webhook: { url: fixture.receiver.url, secret: TEST_WEBHOOK_SECRET },
    });
    fixture.stripe = stripeFor(fixture.emulator.url);
  });
  afterAll(async () => {
    await fixture.emulator?.close();
    await fixture.receiver?.close();
  });
  return fixture;
}
