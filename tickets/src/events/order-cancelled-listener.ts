import type { BatchHandler, DataOf, Handler, OrderCancelled } from "@microtickets/common";
import { whenOrderCancelled } from "../domain/order-rules.js";
import { applyOrderEvent, applyOrderEvents, type OrderEvent } from "./apply-order-event.js";

const orderEvent = (order: DataOf<typeof OrderCancelled>): OrderEvent => ({
  orderId: order.id,
  ticketId: order.ticket.id,
  status: "cancelled",
  rule: whenOrderCancelled,
});

/** The order was cancelled or expired: its reservation, and only its own, is released. */
export const releaseTicket: Handler<typeof OrderCancelled> = (order, { tx, logger }) =>
  applyOrderEvent(tx, orderEvent(order), logger);

/** The same for what has arrived at once. */
export const releaseTickets: BatchHandler<typeof OrderCancelled> = (orders, tx) =>
  applyOrderEvents(
    tx,
    orders.map(({ data, ctx }) => ({ ...orderEvent(data), logger: ctx.logger })),
  );
