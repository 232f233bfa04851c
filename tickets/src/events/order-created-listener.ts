import type { Handler, OrderCreated } from "@microtickets/common";
import { whenOrderCreated } from "../domain/order-rules.js";
import { applyOrderEvent } from "./apply-order-event.js";

/** A buyer locked the ticket: reserved for that order until it is cancelled or completes. */
export const reserveTicket: Handler<typeof OrderCreated> = (order, { tx, logger }) =>
  applyOrderEvent(
    tx,
    { orderId: order.id, ticketId: order.ticket.id, status: "created", rule: whenOrderCreated },
    logger,
  );
