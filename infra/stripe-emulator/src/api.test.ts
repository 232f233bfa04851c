import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeEmulator, startStripeEmulator } from "./emulator.js";
import { postForm, stripeErrorOf, stripeFor, TEST_API_KEY } from "./testing/stripe-client.js";

describe("the HTTP surface: keys, form bodies, errors and headers as Stripe's", () => {
  let emulator: StripeEmulator;
  beforeAll(async () => {
    emulator = await startStripeEmulator();
  });
  afterAll(() => emulator.close());

  it("answers 401 without an API key, in Stripe's words and error shape", async () => {
    const res = await fetch(new URL("/v1/payment_intents/pi_x", emulator.url));

    expect(res.status).toBe(401);
    expect(res.headers.get("request-id")).toMatch(/^req_[A-Za-z0-9]{24}$/);
    expect(await stripeErrorOf(res)).toEqual({
      type: "invalid_request_error",
      message: expect.stringMatching(/^You did not provide an API key\./),
      request_log_url: expect.any(String),
    });
  });

  it("refuses a key that is not a test-mode secret key: StripeAuthenticationError in the SDK", async () => {
    const live = stripeFor(emulator.url, { apiKey: "sk_live_notallowedhere" });

    const error = await live.paymentIntents.retrieve("pi_x").catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error).toMatchObject({
      statusCode: 401,
      message: expect.stringMatching(/^Invalid API Key provided: sk_live_\*+here$/),
    });
  });

  it("takes the key as curl sends it too (Basic, key as user name)", async () => {
    const res = await fetch(new URL("/v1/payment_intents/pi_x", emulator.url), {
      headers: { Authorization: `Basic ${Buffer.from(`${TEST_API_KEY}:`).toString("base64")}` },
    });

    expect(res.status).toBe(404);
  });

  it("reads Stripe's bracket syntax: metadata[orderId], payment_method_types[0]", async () => {
    const res = await postForm(emulator.url, "/v1/payment_intents", {
      amount: "1000",
      currency: "usd",
      "metadata[orderId]": "order-42",
      "payment_method_types[0]": "card",
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      metadata: { orderId: "order-42" },
      payment_method_types: ["card"],
      automatic_payment_methods: null,
    });
  });

  it("refuses a parameter it does not know, naming it, as Stripe does", async () => {
    const res = await postForm(emulator.url, "/v1/payment_intents", {
      amount: "1000",
      currency: "usd",
      colour: "blue",
    });

    expect(res.status).toBe(400);
    expect(await stripeErrorOf(res)).toMatchObject({
      type: "invalid_request_error",
      code: "parameter_unknown",
      param: "colour",
      message: "Received unknown parameter: colour",
      doc_url: "https://stripe.com/docs/error-codes/parameter-unknown",
      request_log_url: expect.stringContaining(res.headers.get("request-id") ?? "no request id"),
    });
  });

  it("answers an unknown URL with Stripe's 404", async () => {
    const res = await fetch(new URL("/v1/customers", emulator.url), {
      headers: { Authorization: `Bearer ${TEST_API_KEY}` },
    });

    expect(res.status).toBe(404);
    expect((await stripeErrorOf(res)).message).toMatch(
      /^Unrecognized request URL \(GET: \/v1\/customers\)/,
    );
  });

  it("answers /healthz for the launcher's readiness probe", async () => {
    const res = await fetch(new URL("/healthz", emulator.url));

    expect(res.status).toBe(200);
  });
});
