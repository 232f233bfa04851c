import type { Handler, OrderCompleted } from "@microtickets/common";
import { whenOrderCompleted } from "../domain/order-rules.js";
import { applyOrderEvent } from "./apply-order-event.js";

/** The order was paid: the ticket is sold to it, for good. */
export const sellTicket: Handler<typeof OrderCompleted> = (order, { tx, logger }) =>
  applyOrderEvent(
    tx,
    { orderId: order.id, ticketId: order.ticket.id, status: "complete", rule: whenOrderCompleted },
    logger,
  );
