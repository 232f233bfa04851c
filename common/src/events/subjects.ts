/** Every subject on the bus, in one place. Names say what happened, in the past tense. */
export const Subjects = {
  TicketCreated: "ticket.created",
  TicketUpdated: "ticket.updated",
  OrderCreated: "order.created",
  OrderCancelled: "order.cancelled",
  OrderCompleted: "order.completed",
  OrderHeld: "order.held",
  OrderLockExpired: "order.lock-expired",
  ExpirationComplete: "expiration.complete",
  PaymentStarted: "payment.started",
  PaymentCreated: "payment.created",
  PaymentActionRequired: "payment.action-required",
  PaymentFailed: "payment.failed",
  PaymentRefunded: "payment.refunded",
  PaymentWindowClosed: "payment.window-closed",
  SessionRevoked: "session.revoked",
} as const;

export type Subject = (typeof Subjects)[keyof typeof Subjects];
