import type { BatchHandler, DataOf, Handler, OrderCreated } from "@microtickets/common";
import { replicateCreatedOrder, replicateCreatedOrders } from "../domain/order-replica.js";

const replica = (order: DataOf<typeof OrderCreated>) => ({
  id: order.id,
  userId: order.userId,
  amountCents: order.ticket.priceCents,
  expiresAt: order.expiresAt,
  version: order.version,
});

/** A buyer locked a ticket: the order may be paid, for the price it recorded, until expiresAt. */
export const rememberOrder: Handler<typeof OrderCreated> = async (data, { tx, logger }) => {
  await replicateCreatedOrder(tx, replica(data));
  logger.info({ orderId: data.id }, "order recorded");
};

/** The same for what has arrived at once; an order announced twice is recorded once. */
export const rememberOrders: BatchHandler<typeof OrderCreated> = async (orders, tx) => {
  const byId = new Map(orders.map(({ data }) => [data.id, replica(data)]));
  await replicateCreatedOrders(tx, [...byId.values()]);
  for (const { data, ctx } of orders) ctx.logger.info({ orderId: data.id }, "order recorded");
};
