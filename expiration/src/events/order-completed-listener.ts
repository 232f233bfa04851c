import { OrderCompleted, type StartListener, startIdempotentConsumer } from "@microtickets/common";
import type { ExpirationQueue } from "../queue/expiration-queue.js";
import { cancelOrderExpiration } from "./cancel-order-expiration.js";

export const orderCompletedListener =
  (queue: ExpirationQueue): StartListener =>
  (base) =>
    startIdempotentConsumer({
      ...base,
      event: OrderCompleted,
      handle: cancelOrderExpiration(queue),
    });
