import type { IdempotentBatchHandler, IdempotentHandler, OrderCreated } from "@microtickets/common";
import {
  type ExpirationQueue,
  scheduleExpiration,
  scheduleExpirations,
} from "../domain/expiration-queue.js";

/** Idempotent without an inbox: the job id is the order id, so a redelivery adds nothing. */
export const scheduleOrderExpiration =
  (queue: ExpirationQueue): IdempotentHandler<typeof OrderCreated> =>
  async (order, { logger }) => {
    await scheduleExpiration(queue, order);
    logger.info({ orderId: order.id, expiresAt: order.expiresAt }, "expiration scheduled");
  };

/** The same for what has arrived at once: one order's job never depends on another's. */
export const scheduleOrderExpirations =
  (queue: ExpirationQueue): IdempotentBatchHandler<typeof OrderCreated> =>
  async (orders) => {
    await scheduleExpirations(
      queue,
      orders.map(({ data }) => data),
    );
    for (const { data, ctx } of orders) {
      ctx.logger.info({ orderId: data.id, expiresAt: data.expiresAt }, "expiration scheduled");
    }
  };
