import {
  defineService,
  listener,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  OrderHeld,
  OrderLockExpired,
} from "@microtickets/common";
import { paymentsConfig } from "./config.js";
import type { PaymentsDeps } from "./deps.js";
import { startPaymentSweep } from "./domain/payment-sweep.js";
import { createStripeClient } from "./domain/stripe-client.js";
import { rememberCancellation } from "./events/order-cancelled-listener.js";
import { rememberCompletion } from "./events/order-completed-listener.js";
import { rememberOrder, rememberOrders } from "./events/order-created-listener.js";
import { rememberHold } from "./events/order-held-listener.js";
import { closePaymentWindow } from "./events/order-lock-expired-listener.js";
import { newPaymentRouter } from "./routes/new.js";
import { webhookRouter } from "./routes/webhook.js";

/** Payments: charges a buyer for a locked order through Stripe, refunds what lost to a cancellation. */
export const paymentsService = defineService({
  name: "payments",
  config: paymentsConfig,
  migrations: new URL("./migrations", import.meta.url),
  setup({ config, db, clock, logger }) {
    const deps: PaymentsDeps = {
      db,
      stripe: createStripeClient(config.STRIPE_SECRET_KEY, config.STRIPE_API_BASE),
      webhookSecret: config.STRIPE_WEBHOOK_SECRET,
      clock,
      holdWaitMs: config.PAYMENT_HOLD_WAIT_MS,
      holdSeconds: config.PAYMENT_HOLD_SECONDS,
    };
    logger.info({ stripe: config.STRIPE_API_BASE ?? "api.stripe.com" }, "charging through Stripe");
    return {
      // The webhook verifies its signature over the raw bytes: it is mounted before JSON parsing.
      rawBodyRoutes: [webhookRouter(deps)],
      routes: [newPaymentRouter(deps)],
      listeners: [
        listener(OrderCreated, rememberOrder, rememberOrders),
        listener(OrderCancelled, rememberCancellation),
        listener(OrderCompleted, rememberCompletion),
        listener(OrderHeld, rememberHold),
        listener(OrderLockExpired, closePaymentWindow),
      ],
      jobs: [
        {
          name: "payment sweep",
          start: () =>
            startPaymentSweep({
              deps,
              intervalMs: config.PAYMENT_SWEEP_INTERVAL_MS,
              staleAfterMs: config.PAYMENT_STALE_AFTER_MS,
              logger,
            }),
        },
      ],
      deps,
    };
  },
});
