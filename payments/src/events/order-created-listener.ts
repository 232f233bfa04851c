import type { Handler, OrderCreated } from "@microtickets/common";
import { replicateCreatedOrder } from "../domain/order-replica.js";

/** A buyer locked a ticket: the order may be paid, for the price it recorded, until expiresAt. */
export const rememberOrder: Handler<typeof OrderCreated> = async (data, { tx, logger }) => {
  await replicateCreatedOrder(tx, {
    id: data.id,
    userId: data.userId,
    amountCents: data.ticket.priceCents,
    expiresAt: data.expiresAt,
    version: data.version,
  });
  logger.info({ orderId: data.id }, "order recorded");
};
