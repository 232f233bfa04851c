import { randomUUID } from "node:crypto";
import {
  type DataOf,
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
  TicketCreated,
  TicketUpdated,
} from "../events/index.js";

/**
 * A valid event of every kind in the catalog, with fresh ids, as its publisher would build it;
 * a test overrides what it is about. Related events share ids through `sampleOrder`.
 */
export const sample = {
  ticketCreated: (data: Partial<DataOf<typeof TicketCreated>> = {}) =>
    TicketCreated.build({
      id: randomUUID(),
      title: "concert",
      priceCents: 2_000,
      userId: randomUUID(),
      version: 0,
      category: "concerts",
      venue: "Town Hall",
      startsAt: null,
      ...data,
    }),
  ticketUpdated: (data: Partial<DataOf<typeof TicketUpdated>> = {}) =>
    TicketUpdated.build({
      id: randomUUID(),
      title: "concert",
      priceCents: 2_000,
      userId: randomUUID(),
      version: 1,
      status: "available",
      orderId: null,
      category: "concerts",
      venue: "Town Hall",
      startsAt: null,
      ...data,
    }),
  orderCreated: (data: Partial<DataOf<typeof OrderCreated>> = {}) =>
    OrderCreated.build({
      id: randomUUID(),
      userId: randomUUID(),
      status: "created",
      expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
      version: 0,
      ticket: { id: randomUUID(), priceCents: 2_000 },
      ...data,
    }),
  orderCancelled: (data: Partial<DataOf<typeof OrderCancelled>> = {}) =>
    OrderCancelled.build({
      id: randomUUID(),
      userId: randomUUID(),
      version: 1,
      ticket: { id: randomUUID() },
      ...data,
    }),
  orderCompleted: (data: Partial<DataOf<typeof OrderCompleted>> = {}) =>
    OrderCompleted.build({
      id: randomUUID(),
      userId: randomUUID(),
      version: 1,
      ticket: { id: randomUUID() },
      ...data,
    }),
  orderHeld: (data: Partial<DataOf<typeof OrderHeld>> = {}) =>
    OrderHeld.build({ id: randomUUID(), paymentId: randomUUID(), ...data }),
  orderLockExpired: (data: Partial<DataOf<typeof OrderLockExpired>> = {}) =>
    OrderLockExpired.build({ id: randomUUID(), userId: randomUUID(), ...data }),
  expirationComplete: (data: Partial<DataOf<typeof ExpirationComplete>> = {}) =>
    ExpirationComplete.build({ orderId: randomUUID(), ...data }),
  paymentStarted: (data: Partial<DataOf<typeof PaymentStarted>> = {}) =>
    PaymentStarted.build({ id: randomUUID(), orderId: randomUUID(), ...data }),
  paymentCreated: (data: Partial<DataOf<typeof PaymentCreated>> = {}) =>
    PaymentCreated.build({ ...paymentIds(), amountCents: 2_000, ...data }),
  paymentActionRequired: (data: Partial<DataOf<typeof PaymentActionRequired>> = {}) =>
    PaymentActionRequired.build({ ...paymentIds(), ...data }),
  paymentFailed: (data: Partial<DataOf<typeof PaymentFailed>> = {}) =>
    PaymentFailed.build({ ...paymentIds(), reason: "Your card was declined.", ...data }),
  paymentWindowClosed: (data: Partial<DataOf<typeof PaymentWindowClosed>> = {}) =>
    PaymentWindowClosed.build({ orderId: randomUUID(), ...data }),
  paymentRefunded: (data: Partial<DataOf<typeof PaymentRefunded>> = {}) =>
    PaymentRefunded.build({
      ...paymentIds(),
      refundId: `re_${randomUUID().replace(/-/g, "")}`,
      amountCents: 2_000,
      ...data,
    }),
};

function paymentIds() {
  return {
    id: randomUUID(),
    orderId: randomUUID(),
    stripeId: `pi_${randomUUID().replace(/-/g, "")}`,
  };
}

/** A valid `ticket.created` with fresh ids, for tests of the bus itself. */
export const sampleTicketCreated = sample.ticketCreated;

/**
 * The events of one order's life, as orders publishes them: each call builds a new event
 * (a new event id) about the same order, ticket and buyer.
 */
export function sampleOrder(
  order: { id?: string; userId?: string; ticketId?: string; priceCents?: number } = {},
) {
  const id = order.id ?? randomUUID();
  const userId = order.userId ?? randomUUID();
  const ticketId = order.ticketId ?? randomUUID();
  const priceCents = order.priceCents ?? 2_000;
  const about = { id, userId, ticket: { id: ticketId } };
  return {
    id,
    userId,
    ticketId,
    created: (data: Partial<DataOf<typeof OrderCreated>> = {}) =>
      sample.orderCreated({ id, userId, ticket: { id: ticketId, priceCents }, ...data }),
    cancelled: (data: Partial<DataOf<typeof OrderCancelled>> = {}) =>
      sample.orderCancelled({ ...about, ...data }),
    completed: (data: Partial<DataOf<typeof OrderCompleted>> = {}) =>
      sample.orderCompleted({ ...about, ...data }),
    expired: () => sample.expirationComplete({ orderId: id }),
  };
}
