import type { BatchHandler, DataOf, Handler, OrderCreated } from "@microtickets/common";
import { whenOrderCreated } from "../domain/order-rules.js";
import { applyOrderEvent, applyOrderEvents, type OrderEvent } from "./apply-order-event.js";

const orderEvent = (order: DataOf<typeof OrderCreated>): OrderEvent => ({
  orderId: order.id,
  ticketId: order.ticket.id,
  status: "created",
  rule: whenOrderCreated,
});

/** A buyer locked the ticket: reserved for that order until it is cancelled or completes. */
export const reserveTicket: Handler<typeof OrderCreated> = (order, { tx, logger }) =>
  applyOrderEvent(tx, orderEvent(order), logger);

/** The same for what has arrived at once. */
export const reserveTickets: BatchHandler<typeof OrderCreated> = (orders, tx) =>
  applyOrderEvents(
    tx,
    orders.map(({ data, ctx }) => ({ ...orderEvent(data), logger: ctx.logger })),
  );
