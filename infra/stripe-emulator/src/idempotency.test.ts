import { once } from "node:events";
import { type IncomingMessage, request } from "node:http";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { canonicalJson, IdempotencyKeys } from "./idempotency.js";
import { postForm, stripeErrorOf, stripeFor, TEST_API_KEY } from "./testing/stripe-client.js";
import { useEmulator } from "./testing/use-emulator.js";

describe("Idempotency-Key on POST, as Stripe keeps it", () => {
  const t = useEmulator();

  const payment = (amount = 2000, paymentMethod = "pm_card_visa") => ({
    amount,
    currency: "usd",
    payment_method: paymentMethod,
    confirm: true,
    metadata: { orderId: "order-idem" },
  });
  const chargesOf = (paymentIntentId: string) =>
    t.emulator.ledger().charges.filter((charge) => charge.paymentIntent === paymentIntentId);
  const eventsAbout = async (id: string, type: string) => {
    await t.emulator.webhooksSettled();
    return t.receiver.events.filter(
      (event) => event.type === type && (event.data.object as { id: string }).id === id,
    );
  };

  it("replays the first answer to a retry: the same PaymentIntent, one charge, one webhook", async () => {
    const first = await t.stripe.paymentIntents.create(payment(), { idempotencyKey: "retry-1" });
    const retry = await t.stripe.paymentIntents.create(payment(), { idempotencyKey: "retry-1" });

    expect(retry.id).toBe(first.id);
    expect(retry.latest_charge).toBe(first.latest_charge);
    expect(retry.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(retry.lastResponse.headers["original-request"]).toBe(first.lastResponse.requestId);
    expect(retry.lastResponse.requestId).not.toBe(first.lastResponse.requestId);
    expect(chargesOf(first.id)).toHaveLength(1);
    expect(await eventsAbout(first.id, "payment_intent.succeeded")).toHaveLength(1);
  });

  it("replays the very same status and body, byte for byte", async () => {
    const form = {
      amount: "1000",
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: "true",
    };
    const send = () =>
      postForm(t.emulator.url, "/v1/payment_intents", form, { "Idempotency-Key": "bytes-1" });

    const first = await send();
    const retry = await send();

    expect(retry.status).toBe(first.status);
    expect(await retry.text()).toBe(await first.text());
  });

  it("refuses the same key with other parameters: StripeIdempotencyError, nothing charged", async () => {
    const first = await t.stripe.paymentIntents.create(payment(2000), { idempotencyKey: "reused" });
    const chargesBefore = t.emulator.ledger().charges.length;

    const error = await t.stripe.paymentIntents
      .create(payment(3000), { idempotencyKey: "reused" })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining(
        "Keys for idempotent requests can only be used with the same parameters they were first used with",
      ),
    });
    expect(t.emulator.ledger().charges).toHaveLength(chargesBefore);
    expect(chargesOf(first.id)).toHaveLength(1);
  });

  it("refuses the same key on another endpoint", async () => {
    const paid = await t.stripe.paymentIntents.create(payment(), { idempotencyKey: "endpoint-1" });

    const error = await t.stripe.refunds
      .create({ payment_intent: paid.id }, { idempotencyKey: "endpoint-1" })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(
      t.emulator.ledger().refunds.filter((refund) => refund.paymentIntent === paid.id),
    ).toEqual([]);
  });

  it("replays a decline (402) without declining again", async () => {
    const declined = async () => {
      const error = await t.stripe.paymentIntents
        .create(payment(2000, "pm_card_chargeDeclined"), { idempotencyKey: "declined-1" })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      if (!(error instanceof Stripe.errors.StripeCardError)) throw new Error("expected a decline");
      return error;
    };

    const first = await declined();
    const retry = await declined();

    expect(retry).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(retry.payment_intent?.id).toBe(first.payment_intent?.id);
    expect(retry.headers?.["idempotent-replayed"]).toBe("true");
    const failures = await eventsAbout(
      first.payment_intent?.id ?? "",
      "payment_intent.payment_failed",
    );
    expect(failures).toHaveLength(1);
  });

  it("saves nothing for a request refused while its parameters were read: the key stays free", async () => {
    const refused = await t.stripe.paymentIntents
      .create(payment(10), { idempotencyKey: "fixed-later" })
      .catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ code: "amount_too_small" });

    const fixed = await t.stripe.paymentIntents.create(payment(2000), {
      idempotencyKey: "fixed-later",
    });

    expect(fixed.status).toBe("succeeded");
    expect(fixed.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("keeps each API key's idempotency keys apart", async () => {
    const other = stripeFor(t.emulator.url, { apiKey: "sk_test_other_account" });

    const mine = await t.stripe.paymentIntents.create(payment(), { idempotencyKey: "shared-key" });
    const theirs = await other.paymentIntents.create(payment(), { idempotencyKey: "shared-key" });

    expect(theirs.id).not.toBe(mine.id);
  });

  it("answers 409 to the same key while the first request is still in progress, then replays it", async () => {
    const body = new URLSearchParams({
      amount: "2000",
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: "true",
    }).toString();
    // The first request sends its headers and waits to send its body: it is in progress.
    const first = request(new URL("/v1/payment_intents", t.emulator.url), {
      method: "POST",
      headers: {
        Authorization: `Bearer ${TEST_API_KEY}`,
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": Buffer.byteLength(body),
        "Idempotency-Key": "in-progress-1",
        // The server's "100 Continue" tells us it has the headers (and so the key).
        Expect: "100-continue",
      },
    });
    const firstAnswer = once(first, "response") as Promise<[IncomingMessage]>;
    first.flushHeaders();
    await once(first, "continue");

    const concurrent = await postForm(
      t.emulator.url,
      "/v1/payment_intents",
      Object.fromEntries(new URLSearchParams(body)),
      {
        "Idempotency-Key": "in-progress-1",
      },
    );
    expect(concurrent.status).toBe(409);
    expect(await stripeErrorOf(concurrent)).toMatchObject({
      type: "idempotency_error",
      message: expect.stringContaining("in-progress-1"),
    });

    first.end(body);
    const [response] = await firstAnswer;
    const created = JSON.parse(await text(response));
    expect(response.statusCode).toBe(200);
    const retry = await t.stripe.paymentIntents.create(
      { amount: 2000, currency: "usd", payment_method: "pm_card_visa", confirm: true },
      { idempotencyKey: "in-progress-1" },
    );
    expect(retry.id).toBe(created.id);
    expect(chargesOf(created.id)).toHaveLength(1);
  });

  it("gives two simultaneous SDK calls with one key one PaymentIntent and one charge", async () => {
    // With retries on, as the payments service runs it: a 409 is retried into the replay.
    const retrying = stripeFor(t.emulator.url, { maxNetworkRetries: 2 });
    const call = () =>
      retrying.paymentIntents.create(payment(), { idempotencyKey: "simultaneous" });

    const [a, b] = await Promise.all([call(), call()]);

    expect(a.id).toBe(b.id);
    expect(chargesOf(a.id)).toHaveLength(1);
  });
});

describe("IdempotencyKeys", () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const endpoint = "POST /v1/payment_intents";

  it("forgets a key 24 hours after its answer was saved: the key then runs a new request", () => {
    let now = 0;
    const keys = new IdempotencyKeys(() => now);
    const first = keys.claim("sk_test_a", "key-1", endpoint);
    if (first.kind !== "new") throw new Error(`expected a new claim, got ${first.kind}`);
    first.save({ amount: "1000" }, { status: 200, body: { id: "pi_1" }, requestId: "req_1" });

    now += DAY_MS - 1;
    expect(keys.claim("sk_test_a", "key-1", endpoint).kind).toBe("saved");
    now += 1;
    expect(keys.claim("sk_test_a", "key-1", endpoint).kind).toBe("new");
  });

  it("frees a key whose request ran nothing", () => {
    const keys = new IdempotencyKeys();
    const first = keys.claim("sk_test_a", "key-2", endpoint);
    expect(keys.claim("sk_test_a", "key-2", endpoint).kind).toBe("running");
    if (first.kind !== "new") throw new Error(`expected a new claim, got ${first.kind}`);

    first.release();

    expect(keys.claim("sk_test_a", "key-2", endpoint).kind).toBe("new");
  });

  it("compares parameters by value, in any key order", () => {
    expect(canonicalJson({ amount: "1", metadata: { a: "x", b: "y" } })).toBe(
      canonicalJson({ metadata: { b: "y", a: "x" }, amount: "1" }),
    );
  });
});

async function text(response: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of response) body += chunk;
  return body;
}
