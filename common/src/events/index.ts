import { ExpirationComplete } from "./expiration-complete.js";
import { OrderCancelled } from "./order-cancelled.js";
import { OrderCompleted } from "./order-completed.js";
import { OrderCreated } from "./order-created.js";
import { PaymentActionRequired } from "./payment-action-required.js";
import { PaymentCreated } from "./payment-created.js";
import { PaymentFailed } from "./payment-failed.js";
import { PaymentRefunded } from "./payment-refunded.js";
import { TicketCreated } from "./ticket-created.js";
import { TicketUpdated } from "./ticket-updated.js";

export * from "./event.js";
export * from "./subjects.js";
export {
  ExpirationComplete,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  PaymentActionRequired,
  PaymentCreated,
  PaymentFailed,
  PaymentRefunded,
  TicketCreated,
  TicketUpdated,
};
