/** Every subject on the bus, in one place. Names say what happened, in the past tense. */
export const Subjects = {
  TicketCreated: "ticket.created",
  TicketUpdated: "ticket.updated",
  OrderCreated: "order.created",
  OrderCancelled: "order.cancelled",
  OrderCompleted: "order.completed",
  ExpirationComplete: "expiration.complete",
  PaymentCreated: "payment.created",
  PaymentActionRequired: "payment.action-required",
  PaymentFailed: "payment.failed",
  PaymentRefunded: "payment.refunded",
} as const;

export type Subject = (typeof Subjects)[keyof typeof Subjects];
