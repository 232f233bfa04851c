import { ExpirationComplete } from "./expiration-complete.js";
import { OrderCancelled } from "./order-cancelled.js";
import { OrderCompleted } from "./order-completed.js";
import { OrderCreated } from "./order-created.js";
import { OrderHeld } from "./order-held.js";
import { OrderLockExpired } from "./order-lock-expired.js";
import { PaymentActionRequired } from "./payment-action-required.js";
import { PaymentCreated } from "./payment-created.js";
import { PaymentFailed } from "./payment-failed.js";
import { PaymentRefunded } from "./payment-refunded.js";
import { PaymentStarted } from "./payment-started.js";
import { PaymentWindowClosed } from "./payment-window-closed.js";
import { SessionRevoked } from "./session-revoked.js";
import { TicketCreated } from "./ticket-created.js";
import { TicketUpdated } from "./ticket-updated.js";

export * from "./event.js";
export * from "./subjects.js";
export {
  ExpirationComplete,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  OrderHeld,
  OrderLockExpired,
  PaymentActionRequired,
  PaymentCreated,
  PaymentFailed,
  PaymentRefunded,
  PaymentStarted,
  PaymentWindowClosed,
  SessionRevoked,
  TicketCreated,
  TicketUpdated,
};
