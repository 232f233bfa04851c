import {
  type IdempotentHandler,
  OrderCreated,
  type StartListener,
  startIdempotentConsumer,
} from "@microtickets/common";
import { type ExpirationQueue, scheduleExpiration } from "../queue/expiration-queue.js";

/** Idempotent without an inbox: the job id is the order id, so a redelivery adds nothing. */
export const scheduleOrderExpiration =
  (queue: ExpirationQueue): IdempotentHandler<typeof OrderCreated> =>
  async (order, { logger }) => {
    await scheduleExpiration(queue, order);
    logger.info({ orderId: order.id, expiresAt: order.expiresAt }, "expiration scheduled");
  };

export const orderCreatedListener =
  (queue: ExpirationQueue): StartListener =>
  (base) =>
    startIdempotentConsumer({
      ...base,
      event: OrderCreated,
      handle: scheduleOrderExpiration(queue),
    });
