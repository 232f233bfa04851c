import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  awaitPayment,
  cancel,
  complete,
  newOrder,
  type Order,
  OrderStatus,
  type OrderTransition,
  stopAwaitingPayment,
} from "./order.js";

const placed = (): Order =>
  newOrder({
    userId: randomUUID(),
    ticket: { id: randomUUID(), priceCents: 1_999 },
    now: new Date("2030-01-01T12:00:00.000Z"),
    lockSeconds: 900,
  });

const inStatus = (status: OrderStatus, version = 1): Order => ({ ...placed(), status, version });

/** The order a transition moved to; a test fails on any other outcome. */
function moved(transition: OrderTransition): Order {
  if (transition.kind !== "move") throw new Error(`expected a move, got ${transition.kind}`);
  return transition.to;
}

describe("an order", () => {
  it("starts created at version 0, locking its ticket for lockSeconds at the ordered price", () => {
    const order = placed();
    expect(order).toMatchObject({ status: "created", version: 0, priceCents: 1_999 });
    expect(order.expiresAt.toISOString()).toBe("2030-01-01T12:15:00.000Z");
  });

  it.each([OrderStatus.Created, OrderStatus.AwaitingPayment])(
    "cancels from %s, one version up",
    (status) => {
      const transition = cancel(inStatus(status, 3), false);
      expect(transition).toMatchObject({ kind: "move", to: { status: "cancelled", version: 4 } });
    },
  );

  it.each([OrderStatus.Created, OrderStatus.AwaitingPayment])(
    "completes from %s, one version up",
    (status) => {
      const transition = complete(inStatus(status, 3));
      expect(transition).toMatchObject({ kind: "move", to: { status: "complete", version: 4 } });
    },
  );

  it.each([OrderStatus.Created, OrderStatus.AwaitingPayment])(
    "does not cancel from %s while a payment attempt holds it, and says it waits for it",
    (status) => {
      expect(cancel(inStatus(status, 3), true)).toEqual({
        kind: "wait",
        reason: "a payment for this order is under way",
      });
    },
  );

  it("refuses to cancel a complete order and leaves it as it was", () => {
    const paid = inStatus(OrderStatus.Complete);
    expect(cancel(paid, false)).toMatchObject({ kind: "refuse" });
  });

  it("refuses to complete a cancelled order and leaves it as it was", () => {
    const cancelled = inStatus(OrderStatus.Cancelled);
    expect(complete(cancelled)).toMatchObject({ kind: "refuse" });
  });

  it("treats a repeated cancellation or completion as nothing to do", () => {
    const cancelled = inStatus(OrderStatus.Cancelled);
    const paid = inStatus(OrderStatus.Complete);
    expect(cancel(cancelled, false)).toMatchObject({ kind: "keep" });
    expect(complete(paid)).toMatchObject({ kind: "keep" });
  });

  it("awaits payment from created, one version up", () => {
    const transition = awaitPayment(inStatus(OrderStatus.Created, 3));
    expect(transition).toMatchObject({
      kind: "move",
      to: { status: "awaiting:payment", version: 4 },
    });
  });

  it.each([OrderStatus.AwaitingPayment, OrderStatus.Complete, OrderStatus.Cancelled])(
    "leaves an order %s as it was when a payment awaits the buyer",
    (status) => {
      const order = inStatus(status);
      expect(awaitPayment(order)).toMatchObject({ kind: "keep" });
    },
  );

  it("stops awaiting payment back to created, one version up", () => {
    const transition = stopAwaitingPayment(inStatus(OrderStatus.AwaitingPayment, 3));
    expect(transition).toMatchObject({ kind: "move", to: { status: "created", version: 4 } });
  });

  it.each([OrderStatus.Created, OrderStatus.Complete, OrderStatus.Cancelled])(
    "leaves an order %s as it was when no payment awaits the buyer any more",
    (status) => {
      const order = inStatus(status);
      expect(stopAwaitingPayment(order)).toMatchObject({ kind: "keep" });
    },
  );

  it("can still be cancelled or completed after awaiting payment and back", () => {
    const back = moved(stopAwaitingPayment(moved(awaitPayment(placed()))));
    expect(back).toMatchObject({ status: "created", version: 2 });
    expect(cancel(back, false).kind).toBe("move");
    expect(complete(back).kind).toBe("move");
  });
});
