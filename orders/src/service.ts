import {
  defineService,
  ExpirationComplete,
  listener,
  PaymentActionRequired,
  PaymentCreated,
  PaymentFailed,
  PaymentStarted,
  PaymentWindowClosed,
  TicketCreated,
  TicketUpdated,
} from "@microtickets/common";
import { ordersConfig } from "./config.js";
import type { OrdersDeps } from "./deps.js";
import { startExpirySweep } from "./domain/expiry-sweep.js";
import { fairSalesLimits, startOrderAttemptPruning } from "./domain/fair-sales.js";
import { expireOrder } from "./events/expiration-complete-listener.js";
import { awaitBuyerAction } from "./events/payment-action-required-listener.js";
import { completePaidOrder } from "./events/payment-created-listener.js";
import { recordFailedPayment } from "./events/payment-failed-listener.js";
import { holdOrderForPayment } from "./events/payment-started-listener.js";
import { cancelExpiredOrder } from "./events/payment-window-closed-listener.js";
import { recordNewTicket } from "./events/ticket-created-listener.js";
import { applyTicketUpdate, applyTicketUpdates } from "./events/ticket-updated-listener.js";
import { deleteOrderRouter } from "./routes/delete.js";
import { listOrdersRouter } from "./routes/index.js";
import { newOrderRouter } from "./routes/new.js";
import { showOrderRouter } from "./routes/show.js";

/** Orders: a buyer's lock on a ticket, cancelled when it runs out, completed when paid. */
export const ordersService = defineService({
  name: "orders",
  config: ordersConfig,
  migrations: new URL("./migrations", import.meta.url),
  setup: ({ config, db, clock, logger }) => {
    const deps: OrdersDeps = {
      db,
      clock,
      lockSeconds: config.ORDER_LOCK_SECONDS,
      holdSeconds: config.PAYMENT_HOLD_SECONDS,
      cancelWaitMs: config.CANCEL_WAITS_FOR_PAYMENT_MS,
      fairSales: fairSalesLimits(config),
    };
    return {
      routes: [
        newOrderRouter(deps),
        listOrdersRouter(deps),
        showOrderRouter(deps),
        deleteOrderRouter(deps),
      ],
      // Each handler writes through the transaction that records the event in the inbox.
      listeners: [
        listener(TicketCreated, recordNewTicket),
        listener(TicketUpdated, applyTicketUpdate, applyTicketUpdates),
        listener(ExpirationComplete, expireOrder(clock, deps.holdSeconds)),
        listener(PaymentWindowClosed, cancelExpiredOrder(clock, deps.holdSeconds)),
        listener(PaymentStarted, holdOrderForPayment),
        listener(PaymentCreated, completePaidOrder),
        listener(PaymentActionRequired, awaitBuyerAction),
        listener(PaymentFailed, recordFailedPayment(clock, deps.holdSeconds)),
      ],
      jobs: [
        {
          name: "expiry sweep",
          start: () =>
            startExpirySweep({
              pool: db,
              clock,
              holdSeconds: deps.holdSeconds,
              intervalMs: config.EXPIRY_SWEEP_INTERVAL_MS,
              logger,
            }),
        },
        {
          name: "order attempt pruning",
          start: () =>
            startOrderAttemptPruning({
              pool: db,
              clock,
              windowSeconds: deps.fairSales.windowSeconds,
              intervalMs: 60_000,
              logger,
            }),
        },
      ],
      deps,
    };
  },
});
