import { randomUUID } from "node:crypto";
import type { Transition } from "@microtickets/common";

/**
 * Where an order is in its life. `created` and `awaiting:payment` are open: they hold the lock on
 * the ticket (the partial unique index in 001_orders.sql lists them, and `complete`, too).
 */
export const OrderStatus = {
  Created: "created",
  /** A payment waits for the buyer's action (3-D Secure). */
  AwaitingPayment: "awaiting:payment",
  Complete: "complete",
  Cancelled: "cancelled",
} as const;

export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export interface Order {
  id: string;
  userId: string;
  ticketId: string;
  /** The ticket's price when ordered, in cents: what the buyer pays. */
  priceCents: number;
  status: OrderStatus;
  expiresAt: Date;
  version: number;
  createdAt: Date;
}

/** A buyer's new order, locking the ticket for `lockSeconds` from `now`. */
export function newOrder(input: {
  userId: string;
  ticket: { id: string; priceCents: number };
  now: Date;
  lockSeconds: number;
}): Order {
  return {
    id: randomUUID(),
    userId: input.userId,
    ticketId: input.ticket.id,
    priceCents: input.ticket.priceCents,
    status: OrderStatus.Created,
    expiresAt: new Date(input.now.getTime() + input.lockSeconds * 1_000),
    version: 0,
    createdAt: input.now,
  };
}

/** An order's move, in the shape of every guarded change: `move` carries the order to save. */
export type OrderTransition = Transition<Order>;

function moveTo(order: Order, status: OrderStatus): OrderTransition {
  return { kind: "move", to: { ...order, status, version: order.version + 1 } };
}

/** Whether the order still holds its ticket's lock (not paid, not cancelled). */
export function isOpen(order: Order): boolean {
  return order.status === OrderStatus.Created || order.status === OrderStatus.AwaitingPayment;
}

/**
 * The buyer cancelled or the lock ran out. A complete order cannot be cancelled: it is paid. An
 * order held for a payment attempt (`heldForPayment`) waits for that attempt's end: the buyer
 * was told the payment is under way, and a charge it makes must find its order still there.
 */
export function cancel(order: Order, heldForPayment: boolean): OrderTransition {
  switch (order.status) {
    case OrderStatus.Cancelled:
      return { kind: "keep", reason: "order is already cancelled" };
    case OrderStatus.Complete:
      return { kind: "refuse", reason: "a complete order cannot be cancelled" };
    default:
      if (heldForPayment) return { kind: "wait", reason: "a payment for this order is under way" };
      return moveTo(order, OrderStatus.Cancelled);
  }
}

/**
 * A payment succeeded. A cancelled order cannot complete: its ticket may already be someone
 * else's, so the charge has to be given back instead.
 */
export function complete(order: Order): OrderTransition {
  switch (order.status) {
    case OrderStatus.Complete:
      return { kind: "keep", reason: "order is already complete" };
    case OrderStatus.Cancelled:
      return { kind: "refuse", reason: "a cancelled order cannot complete" };
    default:
      return moveTo(order, OrderStatus.Complete);
  }
}

/**
 * A payment waits for the buyer's action (3-D Secure). A complete or cancelled order has settled
 * its ticket's lock already: nothing is left to wait for, so it stays as it is.
 */
export function awaitPayment(order: Order): OrderTransition {
  if (order.status !== OrderStatus.Created) {
    return { kind: "keep", reason: `order is ${order.status}` };
  }
  return moveTo(order, OrderStatus.AwaitingPayment);
}

/**
 * No payment waits for the buyer any more (each failed): the order is open for another attempt,
 * as when it was created. Only an order that was awaiting moves.
 */
export function stopAwaitingPayment(order: Order): OrderTransition {
  if (order.status !== OrderStatus.AwaitingPayment) {
    return { kind: "keep", reason: `order is ${order.status}` };
  }
  return moveTo(order, OrderStatus.Created);
}
