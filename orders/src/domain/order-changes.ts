import {
  addToOutbox,
  type Event,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  outboxAfter,
  type Queryable,
} from "@microtickets/common";
import {
  awaitPayment,
  cancel,
  complete,
  isOpen,
  type Order,
  type OrderTransition,
  stopAwaitingPayment,
} from "./order.js";
import { askPayments, paymentsClosed } from "./order-expiries.js";
import { insertOrderStatement, saveOrderState } from "./orders.js";
import { hasAwaitingAttempt, isHeldForPayment } from "./payment-attempts.js";

/*
 * Every change to an order that other services hear of is saved together with the event that
 * announces it, in one transaction: the event leaves (through the outbox) if and only if the
 * change committed.
 */

/**
 * False when the ticket already has an open or complete order; nothing is announced then. The
 * order and its event are one statement: atomic without a transaction block, one round trip.
 */
export async function placeOrder(db: Queryable, order: Order): Promise<boolean> {
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
  const insert = insertOrderStatement(order);
  const { rowCount } = await db.query(
    outboxAfter("place-order", `${insert.text} RETURNING 1`, insert.values, [created]),
  );
  return rowCount === 1;
}

/**
 * Its buyer cancels an order the caller holds locked (see `lockOrder`); the ticket is released.
 * An order held for a payment being charged (see `isHeldForPayment`) is not: `wait` says so.
 */
export async function cancelLockedOrder(tx: Queryable, order: Order): Promise<OrderTransition> {
  const held = isOpen(order) && (await isHeldForPayment(tx, order.id, "by buyer"));
  return recordCancellation(tx, cancel(order, held));
}

/**
 * The lock of an order the caller holds locked ran out by `now`. Paying in time wins: the order
 * is cancelled only once no payment accepted before `expiresAt` can still come for it, because
 * payments said so (payment.window-closed) or `holdSeconds` have passed since `expiresAt`. Until
 * then payments is asked (order.lock-expired) and the answer is `wait`, as it is while a payment
 * attempt holds the order.
 */
export async function expireLockedOrder(
  tx: Queryable,
  order: Order,
  timing: { now: Date; holdSeconds: number },
): Promise<OrderTransition> {
  const held = isOpen(order) && (await isHeldForPayment(tx, order.id, "by lock"));
  const transition = cancel(order, held);
  if (transition.kind !== "move") return transition;
  const holdEnd = order.expiresAt.getTime() + timing.holdSeconds * 1_000;
  if (timing.now.getTime() < holdEnd && !(await paymentsClosed(tx, order.id))) {
    await askPayments(tx, order);
    return { kind: "wait", reason: "payments is asked whether a payment was accepted in time" };
  }
  return recordCancellation(tx, transition);
}

function recordCancellation(tx: Queryable, transition: OrderTransition) {
  return record(tx, transition, (cancelled) =>
    OrderCancelled.build({
      id: cancelled.id,
      userId: cancelled.userId,
      version: cancelled.version,
      ticket: { id: cancelled.ticketId },
    }),
  );
}

/** Completes an order the caller holds locked (see `lockOrder`); the ticket is sold. */
export function completeLockedOrder(tx: Queryable, order: Order): Promise<OrderTransition> {
  return record(tx, complete(order), (completed) =>
    OrderCompleted.build({
      id: completed.id,
      userId: completed.userId,
      version: completed.version,
      ticket: { id: completed.ticketId },
    }),
  );
}

/**
 * Brings an order the caller holds locked (see `lockOrder`) in line with the payment attempts
 * recorded for it: `awaiting:payment` exactly while it is open and one of them waits for the
 * buyer, otherwise `created` if open; a complete or cancelled order stays as it is. Deciding from
 * every known attempt, not from the event at hand, makes the status the same in whatever order
 * the attempts' events arrive. Nothing is announced: the catalog has no event for this, and no
 * service needs one (the ticket stays reserved either way), so order events that follow may skip
 * the versions spent here.
 */
export async function followPaymentAttempts(tx: Queryable, order: Order): Promise<OrderTransition> {
  const transition = (await hasAwaitingAttempt(tx, order.id))
    ? awaitPayment(order)
    : stopAwaitingPayment(order);
  if (transition.kind === "move") await saveOrderState(tx, transition.to);
  return transition;
}

async function record(
  tx: Queryable,
  transition: OrderTransition,
  announce: (order: Order) => Event,
): Promise<OrderTransition> {
  if (transition.kind === "move") {
    await saveOrderState(tx, transition.to);
    await addToOutbox(tx, announce(transition.to));
  }
  return transition;
}
