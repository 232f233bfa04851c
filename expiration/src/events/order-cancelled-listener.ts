import { OrderCancelled, type StartListener, startIdempotentConsumer } from "@microtickets/common";
import type { ExpirationQueue } from "../queue/expiration-queue.js";
import { cancelOrderExpiration } from "./cancel-order-expiration.js";

export const orderCancelledListener =
  (queue: ExpirationQueue): StartListener =>
  (base) =>
    startIdempotentConsumer({
      ...base,
      event: OrderCancelled,
      handle: cancelOrderExpiration(queue),
    });
