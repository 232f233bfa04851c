import type { IdempotentHandler, OrderCancelled } from "@microtickets/common";
import type { ExpirationQueue } from "../domain/expiration-queue.js";
import { cancelOrderExpiration } from "./cancel-order-expiration.js";

/** A cancelled order released its ticket already: its lock must not end it again. */
export const cancelExpirationOfCancelledOrder = (
  queue: ExpirationQueue,
): IdempotentHandler<typeof OrderCancelled> => cancelOrderExpiration(queue);
