import type { BatchHandler, DataOf, Handler, OrderCompleted } from "@microtickets/common";
import { whenOrderCompleted } from "../domain/order-rules.js";
import { applyOrderEvent, applyOrderEvents, type OrderEvent } from "./apply-order-event.js";

const orderEvent = (order: DataOf<typeof OrderCompleted>): OrderEvent => ({
  orderId: order.id,
  ticketId: order.ticket.id,
  status: "complete",
  rule: whenOrderCompleted,
});

/** The order was paid: the ticket is sold to it, for good. */
export const sellTicket: Handler<typeof OrderCompleted> = (order, { tx, logger }) =>
  applyOrderEvent(tx, orderEvent(order), logger);

/** The same for what has arrived at once. */
export const sellTickets: BatchHandler<typeof OrderCompleted> = (orders, tx) =>
  applyOrderEvents(
    tx,
    orders.map(({ data, ctx }) => ({ ...orderEvent(data), logger: ctx.logger })),
  );
