import type { IdempotentHandler, OrderCompleted } from "@microtickets/common";
import type { ExpirationQueue } from "../domain/expiration-queue.js";
import { cancelOrderExpiration } from "./cancel-order-expiration.js";

/** A paid order keeps its ticket: its lock must not end it. */
export const cancelExpirationOfCompletedOrder = (
  queue: ExpirationQueue,
): IdempotentHandler<typeof OrderCompleted> => cancelOrderExpiration(queue);
