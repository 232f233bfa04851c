import type { IdempotentHandler, OrderCreated } from "@microtickets/common";
import { type ExpirationQueue, scheduleExpiration } from "../domain/expiration-queue.js";

/** Idempotent without an inbox: the job id is the order id, so a redelivery adds nothing. */
export const scheduleOrderExpiration =
  (queue: ExpirationQueue): IdempotentHandler<typeof OrderCreated> =>
  async (order, { logger }) => {
    await scheduleExpiration(queue, order);
    logger.info({ orderId: order.id, expiresAt: order.expiresAt }, "expiration scheduled");
  };
