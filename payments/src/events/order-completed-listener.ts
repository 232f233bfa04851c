import type { Handler, OrderCompleted } from "@microtickets/common";
import { recordSettledOrder } from "../domain/orders.js";

/** Orders accepted our payment: the order is paid for good. */
export const completeOrder: Handler<typeof OrderCompleted> = async (data, { tx, logger }) => {
  await recordSettledOrder(tx, { ...data, status: "complete" });
  logger.info({ orderId: data.id }, "order complete");
};
