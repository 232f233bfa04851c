import { randomUUID } from "node:crypto";
import { fuzz, sample } from "@microtickets/common/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";
import { WEBHOOK_PATH } from "./webhook.js";

// Sized so the whole file stays near 20 s on two busy cores (a charge is a call to the emulator).
const RUNS = { pay: 400, webhook: 300, signedWebhook: 100, stray: 150 };

const paymentMethods = fc.constantFrom(
  "pm_card_visa",
  "pm_card_chargeDeclined",
  "pm_card_authenticationRequired",
  "pm_card_insufficientFunds",
  "pm_unknown",
  "pm_x",
);

/**
 * The rejections that are recorded: a declined card (402, replayed under its Idempotency-Key),
 * and a PaymentMethod Stripe itself refused (400 naming it): both attempts reached Stripe and
 * end `failed`, an attempt that holds nothing (no charge, no event, not live).
 */
const recorded = (res: fuzz.FuzzResponse) =>
  res.status === 402 ||
  (res.status === 400 && /"field":"paymentMethodId"/.test(res.text) && /No such/.test(res.text));

// Hundreds of requests a test: on a loaded machine they take several times what they take alone.
describe("the payments API under fuzzing: never a 5xx, errors in their shape, no change on a 4xx", {
  timeout: 120_000,
}, () => {
  let t: PaymentsTestApp;
  let cookie: string;
  /** Orders of the signed-in buyer (one cancelled) and one of another buyer. */
  const orders: string[] = [];
  // Read once the emulator's webhooks about earlier charges have been delivered.
  const state = async () => {
    await t.stripeEmulator.webhooksSettled();
    return fuzz.readState(t.db, [
      "SELECT * FROM orders ORDER BY id",
      "SELECT id, order_id, status, stripe_id, refund_id FROM payments ORDER BY id",
      "SELECT id FROM stripe_events ORDER BY id",
      "SELECT user_id, route, key, status_code FROM idempotency_keys ORDER BY user_id, route, key",
      "SELECT count(*) FROM outbox",
    ]);
  };
  const run = fuzz.fuzzerFor(() => ({ baseUrl: t.url, state, recorded }));

  beforeAll(async () => {
    t = await createPaymentsTestApp("fuzz");
    const buyer = await t.sessions.signIn();
    cookie = buyer.cookie;
    for (let i = 0; i < 6; i++) orders.push((await t.seedOrder({}, buyer)).order.id);
    const cancelled = t.orderCreated(buyer.user.id);
    await t.apply(cancelled);
    await t.apply(sample.orderCancelled({ id: cancelled.data.id, userId: buyer.user.id }));
    orders.push(cancelled.data.id, (await t.seedOrder()).order.id);
  });
  afterAll(() => t?.close());

  it(`answers ${RUNS.pay} hostile POST /api/payments`, async () => {
    const requests = fc.record({
      method: fc.constant("POST"),
      path: fc.constant("/api/payments"),
      headers: fuzz.headersOf(cookie, { "Idempotency-Key": fuzz.idempotencyKeys }),
      body: fuzz.bodyOf({ orderId: fc.constantFrom(...orders), paymentMethodId: paymentMethods }),
    });
    await run(requests, RUNS.pay);
  });

  it(`answers ${RUNS.webhook} webhooks with a missing, forged or garbled signature`, async () => {
    const signature = fc.oneof(
      fuzz.idempotencyKeys,
      fc.constantFrom("t=1,v1=", "t=,v1=abc", "v1=00", `t=${Math.floor(Date.now() / 1_000)},v1=00`),
      fc
        .tuple(fc.nat(), fc.string({ unit: fc.constantFrom(..."0123456789abcdef") }))
        .map(([time, mac]) => `t=${time},v1=${mac}`),
    );
    const requests = fc.record({
      method: fc.constant("POST"),
      path: fuzz.queryOf({ id: fc.uuid() }).map((query) => `${WEBHOOK_PATH}${query}`),
      headers: fuzz.headersOf(cookie, { "Stripe-Signature": signature }),
      body: fuzz.bodyOf(stripeEventFields()),
    });
    await run(requests, RUNS.webhook, { accepted: "none" });
  });

  it(`answers ${RUNS.signedWebhook} correctly signed webhooks whose event is hostile`, async () => {
    // Only Stripe holds the secret, but a 5xx makes Stripe redeliver the event for days.
    const secret = t.env.STRIPE_WEBHOOK_SECRET as string;
    // About the attempts the payments above made, as well as unknown ones.
    const { rows } = await t.db.query<{ id: string; stripe_id: string | null }>(
      "SELECT id, stripe_id FROM payments",
    );
    const attempts = rows.map((row) => ({ paymentId: row.id, stripeId: row.stripe_id }));
    const requests = fuzz.jsonObjectOf(stripeEventFields(orders, attempts)).map((payload) => ({
      method: "POST",
      path: WEBHOOK_PATH,
      headers: {
        "Content-Type": "application/json",
        "Stripe-Signature": t.deps.stripe.webhooks.generateTestHeaderString({ payload, secret }),
      },
      body: payload,
    }));
    await run(requests, RUNS.signedWebhook);
  });

  it(`answers ${RUNS.stray} requests to unknown routes and methods under /api/payments`, async () => {
    // Payments serves no GET: nothing stray is accepted.
    await run(fuzz.strayRequests("/api/payments", cookie), RUNS.stray, {
      accepted: "none",
    });
  });
});

/** The fields of a Stripe event about a PaymentIntent, naming the given orders and attempts. */
function stripeEventFields(
  orders: string[] = [randomUUID()],
  attempts: { paymentId: string; stripeId: string | null }[] = [],
) {
  const known = [...attempts.map((a) => a.stripeId ?? `pi_${randomUUID()}`), `pi_${randomUUID()}`];
  const paymentIds = [...attempts.map((a) => a.paymentId), randomUUID()];
  const intent = fc.record(
    {
      id: fc.oneof(fc.constantFrom(...known), fc.string()),
      object: fc.constant("payment_intent"),
      status: fc.constantFrom(
        "succeeded",
        "requires_payment_method",
        "requires_action",
        "canceled",
        "processing",
      ),
      amount: fc.oneof(fc.constant(2_050), fc.integer()),
      client_secret: fc.oneof(fc.string(), fc.constant(null)),
      last_payment_error: fc.oneof(
        fc.record({ message: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) }),
        fc.jsonValue(),
      ),
      metadata: fc.record(
        {
          orderId: fc.constantFrom(...orders),
          paymentId: fc.oneof(fc.constantFrom(...paymentIds), fc.string()),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );
  return {
    id: fc.string({ minLength: 1, maxLength: 20 }).map((id) => `evt_${id}`),
    object: fc.constant("event"),
    type: fc.constantFrom(
      "payment_intent.succeeded",
      "payment_intent.payment_failed",
      "payment_intent.canceled",
      "payment_intent.requires_action",
      "charge.refunded",
    ),
    created: fc.nat(),
    data: fc.oneof(
      intent.map((object) => ({ object })),
      fc.jsonValue(),
    ),
  };
}
