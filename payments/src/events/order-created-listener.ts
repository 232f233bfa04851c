import type { Handler, OrderCreated } from "@microtickets/common";
import { recordNewOrder } from "../domain/orders.js";

/** A buyer locked a ticket: the order may be paid, for the price it recorded, until expiresAt. */
export const recordOrder: Handler<typeof OrderCreated> = async (data, { tx, logger }) => {
  await recordNewOrder(tx, {
    id: data.id,
    userId: data.userId,
    amountCents: data.ticket.priceCents,
    expiresAt: data.expiresAt,
    version: data.version,
  });
  logger.info({ orderId: data.id }, "order recorded");
};
