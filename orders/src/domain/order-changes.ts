import {
  addToOutbox,
  type Event,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  type Pool,
  type Queryable,
  withTransaction,
} from "@microtickets/common";
import { cancel, complete, type Order, type Transition } from "./order.js";
import { insertOrder, saveOrderState } from "./orders.js";

/*
 * Every change to an order is saved together with the event that announces it, in one
 * transaction: the event leaves (through the outbox) if and only if the change committed.
 */

/** False when the ticket already has an open or complete order; nothing is announced then. */
export function placeOrder(pool: Pool, order: Order): Promise<boolean> {
  return withTransaction(pool, async (tx) => {
    if (!(await insertOrder(tx, order))) return false;
    const created = OrderCreated.build(
      {
        id: order.id,
        userId: order.userId,
        status: "created",
        expiresAt: order.expiresAt.toISOString(),
        version: order.version,
        ticket: { id: order.ticketId, priceCents: order.priceCents },
      },
      order.createdAt,
    );
    await addToOutbox(tx, created);
    return true;
  });
}

/** Cancels an order the caller holds locked (see `lockOrder`); the ticket is released. */
export function cancelLockedOrder(tx: Queryable, order: Order): Promise<Transition> {
  return record(tx, cancel(order), (cancelled) =>
    OrderCancelled.build({
      id: cancelled.id,
      userId: cancelled.userId,
      version: cancelled.version,
      ticket: { id: cancelled.ticketId },
    }),
  );
}

/** Completes an order the caller holds locked (see `lockOrder`); the ticket is sold. */
export function completeLockedOrder(tx: Queryable, order: Order): Promise<Transition> {
  return record(tx, complete(order), (completed) =>
    OrderCompleted.build({
      id: completed.id,
      userId: completed.userId,
      version: completed.version,
      ticket: { id: completed.ticketId },
    }),
  );
}

async function record(
  tx: Queryable,
  transition: Transition,
  announce: (order: Order) => Event,
): Promise<Transition> {
  if (transition.outcome === "applied") {
    await saveOrderState(tx, transition.order);
    await addToOutbox(tx, announce(transition.order));
  }
  return transition;
}
