import type { Transition } from "@microtickets/common";
import type { Ticket, TicketStatus } from "./ticket.js";

/**
 * What this service knows of an order: the status orders' last event about it said. Orders
 * owns the order and its statuses; this is only what tickets has heard.
 */
export type KnownOrderStatus = "created" | "cancelled" | "complete";

/** Who holds a ticket: the part of it that orders' events move. */
export interface Hold {
  status: TicketStatus;
  orderId: string | null;
}

/**
 * What an order event does to its ticket's hold. Events about one order travel on separate
 * consumers, so they can arrive in any order; each rule decides from the ticket's hold and what
 * is already known of the order (`known`, undefined when nothing is):
 * - `move`: the new hold, saved and announced;
 * - `keep`: nothing to change (a late or stale event); the order's status is still recorded;
 * - `wait`: it depends on an event still on its way: retried soon;
 * - `refuse`: it contradicts what we know and can never apply: dead-lettered for an operator.
 */
export type OrderRule = (
  ticket: Pick<Ticket, "status" | "orderId">,
  orderId: string,
  known: KnownOrderStatus | undefined,
) => Transition<Hold>;

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
      return { kind: "refuse", reason: `ticket was sold to order ${ticket.orderId}` };
  }
};

export const whenOrderCancelled: OrderRule = (ticket, orderId, known) => {
  if (known === "complete")
    return { kind: "refuse", reason: "a complete order cannot be cancelled" };
  // Only the holder's own cancellation releases the ticket: a stale one must never unlock
  // another buyer's reservation.
  if (ticket.status === "reserved" && ticket.orderId === orderId) {
    return { kind: "move", to: { status: "available", orderId: null } };
  }
  return { kind: "keep", reason: "ticket is not reserved by this order" };
};

export const whenOrderCompleted: OrderRule = (ticket, orderId, known) => {
  if (known === "cancelled") return { kind: "refuse", reason: "a cancelled order cannot complete" };
  if (ticket.status === "sold") {
    return ticket.orderId === orderId
      ? { kind: "keep", reason: "ticket already sold to this order" }
      : { kind: "refuse", reason: `ticket was sold to order ${ticket.orderId}` };
  }
  // Orders completes only an order that held the lock, so the sale stands even if this
  // service has not seen the reservation yet (order.created still on its way), or still shows
  // an older order's reservation whose cancellation has not arrived.
  return { kind: "move", to: { status: "sold", orderId } };
};
