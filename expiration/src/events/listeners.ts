import type { StartListener } from "@microtickets/common";
import type { ExpirationQueue } from "../queue/expiration-queue.js";
import { orderCancelledListener } from "./order-cancelled-listener.js";
import { orderCompletedListener } from "./order-completed-listener.js";
import { orderCreatedListener } from "./order-created-listener.js";

/** Everything this service consumes: an order's lock starts, or the order finishes before it ends. */
export const expirationListeners = (queue: ExpirationQueue): StartListener[] => [
  orderCreatedListener(queue),
  orderCancelledListener(queue),
  orderCompletedListener(queue),
];
