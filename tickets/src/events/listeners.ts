import {
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  type Pool,
  type StartListener,
  startConsumer,
} from "@microtickets/common";
import { releaseTicket } from "./order-cancelled-listener.js";
import { sellTicket } from "./order-completed-listener.js";
import { reserveTicket } from "./order-created-listener.js";

/** What tickets consumes, one durable consumer per event; the service and its tests start these. */
export function ticketsListeners(pool: Pool): StartListener[] {
  return [
    (base) => startConsumer({ ...base, pool, event: OrderCreated, handle: reserveTicket }),
    (base) => startConsumer({ ...base, pool, event: OrderCancelled, handle: releaseTicket }),
    (base) => startConsumer({ ...base, pool, event: OrderCompleted, handle: sellTicket }),
  ];
}
