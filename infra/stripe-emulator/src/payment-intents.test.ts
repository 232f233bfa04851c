import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { postForm, stripeErrorOf } from "./testing/stripe-client.js";
import { useEmulator } from "./testing/use-emulator.js";

describe("PaymentIntents confirmed with Stripe's test cards, through the Stripe SDK", () => {
  const t = useEmulator();

  const pay = (paymentMethod: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
    t.stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method: paymentMethod,
      confirm: true,
      metadata: { orderId: "order-1" },
      ...extra,
    });
  const chargesOf = (paymentIntentId: string) =>
    t.emulator.ledger().charges.filter((charge) => charge.paymentIntent === paymentIntentId);
  const typesOfEventsAbout = async (id: string) => {
    await t.emulator.webhooksSettled();
    return t.receiver.events
      .filter((event) => (event.data.object as { id?: string; payment_intent?: string }).id === id)
      .map((event) => event.type)
      .sort(); // deliveries run side by side: arrival order is not event order
  };

  it.each(["pm_card_visa", "pm_card_mastercard"])(
    "charges %s at once: succeeded, one charge in the ledger, payment_intent.succeeded sent",
    async (card) => {
      const paymentIntent = await pay(card);

      expect(paymentIntent).toMatchObject({
        object: "payment_intent",
        status: "succeeded",
        amount: 2500,
        amount_received: 2500,
        currency: "usd",
        metadata: { orderId: "order-1" },
        next_action: null,
        last_payment_error: null,
      });
      expect(paymentIntent.id).toMatch(/^pi_[A-Za-z0-9]{24}$/);
      expect(paymentIntent.client_secret).toMatch(/^pi_[A-Za-z0-9]{24}_secret_\w+$/);
      expect(paymentIntent.latest_charge).toMatch(/^ch_[A-Za-z0-9]{24}$/);
      expect(paymentIntent.payment_method).toMatch(/^pm_/);
      expect(chargesOf(paymentIntent.id)).toEqual([
        {
          id: paymentIntent.latest_charge,
          paymentIntent: paymentIntent.id,
          amount: 2500,
          currency: "usd",
          metadata: { orderId: "order-1" },
          created: expect.any(Number),
        },
      ]);
      expect(await typesOfEventsAbout(paymentIntent.id)).toEqual([
        "payment_intent.created",
        "payment_intent.succeeded",
      ]);
      const chargeSucceeded = await t.receiver.received(
        "charge.succeeded",
        String(paymentIntent.latest_charge),
      );
      expect(chargeSucceeded.data.object).toMatchObject({
        payment_intent: paymentIntent.id,
        paid: true,
      });
    },
  );

  it.each([
    ["pm_card_chargeDeclined", "generic_decline", "Your card was declined."],
    [
      "pm_card_chargeDeclinedInsufficientFunds",
      "insufficient_funds",
      "Your card has insufficient funds.",
    ],
  ])(
    "declines %s with a 402 card error (%s) and charges nothing",
    async (card, declineCode, message) => {
      const error = await pay(card).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
      const cardError = error as Stripe.errors.StripeCardError;
      expect(cardError).toMatchObject({
        statusCode: 402,
        code: "card_declined",
        decline_code: declineCode,
        message,
        doc_url: "https://stripe.com/docs/error-codes/card-declined",
      });
      expect(cardError.requestId).toMatch(/^req_/);
      const paymentIntent = cardError.payment_intent;
      expect(paymentIntent).toMatchObject({
        status: "requires_payment_method",
        payment_method: null,
        last_payment_error: {
          type: "card_error",
          code: "card_declined",
          decline_code: declineCode,
          message,
        },
      });
      expect(chargesOf(paymentIntent?.id ?? "")).toEqual([]);
      expect(await typesOfEventsAbout(paymentIntent?.id ?? "")).toEqual([
        "payment_intent.created",
        "payment_intent.payment_failed",
      ]);
    },
  );

  it.each(["pm_card_authenticationRequired", "pm_card_threeDSecure2Required"])(
    "asks for 3-D Secure with %s: requires_action, use_stripe_sdk, payment_intent.requires_action",
    async (card) => {
      const paymentIntent = await pay(card);

      expect(paymentIntent.status).toBe("requires_action");
      expect(paymentIntent.next_action).toMatchObject({
        type: "use_stripe_sdk",
        use_stripe_sdk: { type: "three_d_secure_redirect" },
      });
      expect(paymentIntent.latest_charge).toBeNull();
      expect(chargesOf(paymentIntent.id)).toEqual([]);
      expect(await typesOfEventsAbout(paymentIntent.id)).toEqual([
        "payment_intent.created",
        "payment_intent.requires_action",
      ]);
    },
  );

  it("declines a 3-D Secure card confirmed off-session with authentication_required", async () => {
    const error = await pay("pm_card_authenticationRequired", { off_session: true }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: "authentication_required", statusCode: 402 });
  });

  it("refuses an amount under 50 cents with amount_too_small on the amount param", async () => {
    const error = await pay("pm_card_visa", { amount: 49 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      code: "amount_too_small",
      param: "amount",
      message: "Amount must be at least $0.50 usd",
    });
  });

  it("refuses a payment method it does not know with resource_missing", async () => {
    const error = await pay("pm_card_bogus").catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      param: "payment_method",
      message: "No such PaymentMethod: 'pm_card_bogus'",
    });
  });

  it("refuses a missing currency with parameter_missing", async () => {
    const res = await postForm(t.emulator.url, "/v1/payment_intents", { amount: "1000" });

    expect(res.status).toBe(400);
    expect(await stripeErrorOf(res)).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_missing",
      param: "currency",
      message: "Missing required param: currency.",
    });
  });
});
