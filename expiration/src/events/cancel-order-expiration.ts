import type { Logger } from "@microtickets/common";
import { cancelExpiration, type ExpirationQueue } from "../domain/expiration-queue.js";

/**
 * What `order.cancelled` and `order.completed` both do: the order is finished, so its lock
 * must not end it again. Idempotent: removing a job that is gone already succeeds.
 */
export const cancelOrderExpiration =
  (queue: ExpirationQueue) =>
  async (order: { id: string }, { logger }: { logger: Logger }): Promise<void> => {
    if (await cancelExpiration(queue, order.id)) {
      logger.info({ orderId: order.id }, "expiration cancelled");
    } else {
      logger.warn(
        { orderId: order.id },
        "expiration is being published right now; orders ignores it for a finished order",
      );
    }
  };
