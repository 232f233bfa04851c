import type { Handler, OrderCompleted } from "@microtickets/common";
import { replicateSettledOrder } from "../domain/order-replica.js";

/** Orders accepted our payment: the order is paid for good. */
export const rememberCompletion: Handler<typeof OrderCompleted> = async (data, { tx, logger }) => {
  await replicateSettledOrder(tx, { ...data, status: "complete" });
  logger.info({ orderId: data.id }, "order complete");
};
