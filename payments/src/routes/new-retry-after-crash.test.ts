import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";
import { NEW_PAYMENT_ROUTE } from "./new.js";

/** The process died after the charge was recorded and before its answer was. */
describe("POST /api/payments retried after a crash between charging and answering", () => {
  let t: PaymentsTestApp;
  beforeAll(async () => {
    t = await createPaymentsTestApp("payment_crash_retry");
  });
  afterAll(() => t.close());

  it("answers the retry with the first attempt's payment, charged once", async () => {
    const { order, buyer } = await t.seedOrder();
    const body = { orderId: order.id, paymentMethodId: "pm_card_visa" };
    const key = { "Idempotency-Key": "crashed" };
    const first = await t.pay(buyer, body, key).expect(201);
    // What the crash leaves: the key claimed, no answer, a lease nobody renews any more.
    await t.db.query(
      `UPDATE idempotency_keys SET status_code = NULL, response_body = NULL,
         locked_at = now() - interval '1 minute'
       WHERE route = $1 AND key = 'crashed'`,
      [NEW_PAYMENT_ROUTE],
    );

    const retry = await t.pay(buyer, body, key);

    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(t.ledgerOf(order.id).charges).toHaveLength(1);
  });
});
