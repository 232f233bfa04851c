import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type Hold,
  whenOrderCancelled,
  whenOrderCompleted,
  whenOrderCreated,
} from "./order-rules.js";

const order = randomUUID();
const other = randomUUID();
const available: Hold = { status: "available", orderId: null };
const reservedBy = (orderId: string): Hold => ({ status: "reserved", orderId });
const soldTo = (orderId: string): Hold => ({ status: "sold", orderId });

describe("order.created", () => {
  it("reserves an available ticket for the order", () => {
    expect(whenOrderCreated(available, order, undefined)).toEqual({
      kind: "move",
      to: { status: "reserved", orderId: order },
    });
  });

  it("keeps a ticket the order already holds", () => {
    expect(whenOrderCreated(reservedBy(order), order, "created").kind).toBe("keep");
  });

  it.each(["cancelled", "complete"] as const)(
    "does not lock the ticket for an order already %s",
    (known) => {
      expect(whenOrderCreated(available, order, known).kind).toBe("keep");
      expect(whenOrderCreated(reservedBy(other), order, known).kind).toBe("keep");
    },
  );

  it("waits while another order holds the ticket", () => {
    expect(whenOrderCreated(reservedBy(other), order, undefined).kind).toBe("wait");
  });

  it("rejects an order for a ticket sold to another", () => {
    expect(whenOrderCreated(soldTo(other), order, undefined).kind).toBe("refuse");
  });
});

describe("order.cancelled", () => {
  it("releases the ticket the order holds", () => {
    expect(whenOrderCancelled(reservedBy(order), order, "created")).toEqual({
      kind: "move",
      to: { status: "available", orderId: null },
    });
  });

  it.each([
    ["another order's reservation", reservedBy(other)],
    ["an available ticket", available],
    ["a ticket sold to another order", soldTo(other)],
  ])("never touches %s", (_, hold) => {
    expect(whenOrderCancelled(hold, order, undefined).kind).toBe("keep");
  });

  it("rejects the cancellation of a complete order", () => {
    expect(whenOrderCancelled(soldTo(order), order, "complete").kind).toBe("refuse");
  });
});

describe("order.completed", () => {
  it.each([
    ["held by the order", reservedBy(order)],
    ["still available (its order.created is on its way)", available],
    ["still showing an older order's reservation", reservedBy(other)],
  ])("sells a ticket %s", (_, hold) => {
    expect(whenOrderCompleted(hold, order, undefined)).toEqual({
      kind: "move",
      to: { status: "sold", orderId: order },
    });
  });

  it("keeps a ticket already sold to the order", () => {
    expect(whenOrderCompleted(soldTo(order), order, "complete").kind).toBe("keep");
  });

  it("rejects a sale of a ticket sold to another order", () => {
    expect(whenOrderCompleted(soldTo(other), order, undefined).kind).toBe("refuse");
  });

  it("rejects the completion of a cancelled order", () => {
    expect(whenOrderCompleted(available, order, "cancelled").kind).toBe("refuse");
  });
});
