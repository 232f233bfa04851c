import type { Ticket, TicketStatus } from "./ticket.js";

/** What this service has heard of an order, from the events orders published. */
export type OrderStatus = "created" | "cancelled" | "complete";

/** Who holds a ticket: the part of it that orders' events move. */
export interface Hold {
  status: TicketStatus;
  orderId: string | null;
}

/**
 * What an order event does to its ticket. Events about one order travel on separate consumers,
 * so they can arrive in any order; each rule decides from the ticket's hold and what is already
 * known of the order (`known`, undefined when nothing is).
 */
export type OrderEffect =
  /** Nothing to change (a late or stale event); the order's status is still recorded. */
  | { kind: "keep"; reason: string }
  | { kind: "move"; to: Hold }
  /** Depends on an event still on its way: retry soon. */
  | { kind: "wait"; reason: string }
  /** Contradicts what we know and can never apply: dead-letter it for an operator. */
  | { kind: "reject"; reason: string };

export type OrderRule = (
  ticket: Pick<Ticket, "status" | "orderId">,
  orderId: string,
  known: OrderStatus | undefined,
) => OrderEffect;

export const whenOrderCreated: OrderRule = (ticket, orderId, known) => {
  // The cancellation or the sale overtook the creation: locking now would hold the ticket for
  // a dead order (a sale has already moved the ticket itself).
  if (known === "cancelled" || known === "complete") {
    return { kind: "keep", reason: `order is already ${known}` };
  }
  if (ticket.orderId === orderId) return { kind: "keep", reason: "ticket already held by order" };
  switch (ticket.status) {
    case "available":
      return { kind: "move", to: { status: "reserved", orderId } };
    case "reserved":
      // Orders allows one open order per ticket, so the holder's cancellation is on its way.
      return { kind: "wait", reason: `ticket is reserved by order ${ticket.orderId}` };
    case "sold":
      return { kind: "reject", reason: `ticket was sold to order ${ticket.orderId}` };
  }
};

export const whenOrderCancelled: OrderRule = (ticket, orderId, known) => {
  if (known === "complete")
    return { kind: "reject", reason: "a complete order cannot be cancelled" };
  // Only the holder's own cancellation releases the ticket: a stale one must never unlock
  // another buyer's reservation.
  if (ticket.status === "reserved" && ticket.orderId === orderId) {
    return { kind: "move", to: { status: "available", orderId: null } };
  }
  return { kind: "keep", reason: "ticket is not reserved by this order" };
};

export const whenOrderCompleted: OrderRule = (ticket, orderId, known) => {
  if (known === "cancelled") return { kind: "reject", reason: "a cancelled order cannot complete" };
  if (ticket.status === "sold") {
    return ticket.orderId === orderId
      ? { kind: "keep", reason: "ticket already sold to this order" }
      : { kind: "reject", reason: `ticket was sold to order ${ticket.orderId}` };
  }
  // Orders completes only an order that held the lock, so the sale stands even if this
  // service has not seen the reservation yet (order.created still on its way), or still shows
  // an older order's reservation whose cancellation has not arrived.
  return { kind: "move", to: { status: "sold", orderId } };
};
