import type { Handler, OrderCancelled } from "@microtickets/common";
import { whenOrderCancelled } from "../domain/order-rules.js";
import { applyOrderEvent } from "./apply-order-event.js";

/** The order was cancelled or expired: its reservation, and only its own, is released. */
export const releaseTicket: Handler<typeof OrderCancelled> = (order, { tx, logger }) =>
  applyOrderEvent(
    tx,
    { orderId: order.id, ticketId: order.ticket.id, status: "cancelled", rule: whenOrderCancelled },
    logger,
  );
