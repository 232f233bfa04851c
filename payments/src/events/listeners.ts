import {
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  type Pool,
  type StartListener,
  startConsumer,
} from "@microtickets/common";
import { cancelOrder } from "./order-cancelled-listener.js";
import { completeOrder } from "./order-completed-listener.js";
import { recordOrder } from "./order-created-listener.js";

/** What payments consumes; each handler writes through the transaction that records the event. */
export function paymentsListeners(pool: Pool): StartListener[] {
  return [
    (base) => startConsumer({ ...base, pool, event: OrderCreated, handle: recordOrder }),
    (base) => startConsumer({ ...base, pool, event: OrderCancelled, handle: cancelOrder }),
    (base) => startConsumer({ ...base, pool, event: OrderCompleted, handle: completeOrder }),
  ];
}
