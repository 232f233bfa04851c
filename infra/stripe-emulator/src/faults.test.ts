import { afterEach, describe, expect, it } from "vitest";
import { useEmulator } from "./testing/use-emulator.js";

describe("fault injection for chaos runs (POST /_emulator/faults)", () => {
  const t = useEmulator();
  const setFaults = (body: object) =>
    fetch(`${t.emulator.url}/_emulator/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then((res) => res.json());
  afterEach(() => setFaults({}));

  const payment = (orderId: string) => ({
    amount: 1_500,
    currency: "usd",
    payment_method: "pm_card_visa",
    confirm: true,
    metadata: { orderId },
  });
  const chargesFor = (orderId: string) =>
    t.emulator.ledger().charges.filter((charge) => charge.metadata.orderId === orderId);

  it("answers 500 before anything ran: nothing is charged", async () => {
    await setFaults({ failureRate: 1 });

    const error = await t.stripe.paymentIntents
      .create(payment("failing"))
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ type: "StripeAPIError", statusCode: 500 });
    expect(chargesFor("failing")).toEqual([]);
  });

  it("charges and then drops the connection; a retry with the key gets the charge made", async () => {
    await setFaults({ lostAnswerRate: 1 });

    const error = await t.stripe.paymentIntents
      .create(payment("lost"), { idempotencyKey: "lost-1" })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ type: "StripeConnectionError" });
    const [charge] = chargesFor("lost");
    await setFaults({});
    const retry = await t.stripe.paymentIntents.create(payment("lost"), {
      idempotencyKey: "lost-1",
    });
    expect(retry).toMatchObject({ id: charge?.paymentIntent, status: "succeeded" });
    expect(chargesFor("lost")).toHaveLength(1);
  });

  it("keeps the settings it understands, and {} turns every fault off", async () => {
    expect(await setFaults({ lostAnswerRate: 0.5, delayMs: -1 })).toMatchObject({
      lostAnswerRate: 0.5,
      delayMs: 0,
    });
    expect(await setFaults({})).toMatchObject({ lostAnswerRate: 0, failureRate: 0 });
  });
});
