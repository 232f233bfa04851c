import {
  defineService,
  idempotentListener,
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
} from "@microtickets/common";
import { expirationConfig } from "./config.js";
import { createExpirationQueue, queuePrefixFrom } from "./domain/expiration-queue.js";
import { startExpirationWorker } from "./domain/expiration-worker.js";
import { warnIfCoarseTimers } from "./domain/redis-timers.js";
import { cancelExpirationOfCancelledOrder } from "./events/order-cancelled-listener.js";
import { cancelExpirationOfCompletedOrder } from "./events/order-completed-listener.js";
import {
  scheduleOrderExpiration,
  scheduleOrderExpirations,
} from "./events/order-created-listener.js";

/**
 * Ends each order's lock on time: a delayed BullMQ job per order, published as
 * `expiration.complete` when due. No API: the kit serves /healthz, /readyz and /metrics.
 */
export const expirationService = defineService({
  name: "expiration",
  config: expirationConfig,
  // A restarting Redis then delays an `order.created` rather than spending its deliveries until
  // it is dead-lettered (which would leave the order without an expiration); BullMQ's worker
  // requires it of its blocking connection anyway.
  redis: { waitOutOutages: true },
  setup({ config, logger, redis, bus }) {
    void warnIfCoarseTimers(redis, logger);
    const prefix = queuePrefixFrom(config.REDIS_KEY_PREFIX);
    const queue = createExpirationQueue({ connection: redis, prefix, logger });
    return {
      listeners: [
        idempotentListener(
          OrderCreated,
          scheduleOrderExpiration(queue),
          scheduleOrderExpirations(queue),
        ),
        idempotentListener(OrderCancelled, cancelExpirationOfCancelledOrder(queue)),
        idempotentListener(OrderCompleted, cancelExpirationOfCompletedOrder(queue)),
      ],
      // The worker publishes through the bus connection: the kit stops it (a job in hand
      // finishing) before the consumers, the queue and, last, the bus.
      jobs: [
        {
          name: "expiration worker",
          start: () => {
            const worker = startExpirationWorker({
              connection: redis,
              prefix,
              js: bus.js,
              bus: bus.config,
              logger,
            });
            return () => worker.close();
          },
        },
      ],
      resources: [{ name: "expiration queue", close: () => queue.close() }],
      deps: { queue },
    };
  },
});
