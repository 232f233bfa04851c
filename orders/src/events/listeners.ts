import {
  ExpirationComplete,
  PaymentActionRequired,
  PaymentCreated,
  PaymentFailed,
  type Pool,
  type StartListener,
  startConsumer,
  TicketCreated,
  TicketUpdated,
} from "@microtickets/common";
import { expireOrder } from "./expiration-complete-listener.js";
import { awaitBuyerAction } from "./payment-action-required-listener.js";
import { completePaidOrder } from "./payment-created-listener.js";
import { recordFailedPayment } from "./payment-failed-listener.js";
import { recordNewTicket } from "./ticket-created-listener.js";
import { applyTicketUpdate } from "./ticket-updated-listener.js";

/** What orders consumes; each handler writes through the transaction that records the event. */
export function ordersListeners(pool: Pool, clock: () => Date): StartListener[] {
  return [
    (base) => startConsumer({ ...base, pool, event: TicketCreated, handle: recordNewTicket }),
    (base) => startConsumer({ ...base, pool, event: TicketUpdated, handle: applyTicketUpdate }),
    (base) =>
      startConsumer({ ...base, pool, event: ExpirationComplete, handle: expireOrder(clock) }),
    (base) => startConsumer({ ...base, pool, event: PaymentCreated, handle: completePaidOrder }),
    (base) =>
      startConsumer({ ...base, pool, event: PaymentActionRequired, handle: awaitBuyerAction }),
    (base) => startConsumer({ ...base, pool, event: PaymentFailed, handle: recordFailedPayment }),
  ];
}
