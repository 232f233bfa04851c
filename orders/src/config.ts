import { apiEnv, busEnv, databaseEnv, env, serviceConfig } from "@microtickets/common";
import type { z } from "zod";

export const ordersConfig = serviceConfig(4003).extend({
  ...databaseEnv,
  ...apiEnv,
  ...busEnv,
  /** How long an order locks its ticket (CONTRACT.md: the 15-minute lock). */
  ORDER_LOCK_SECONDS: env.positiveInt(15 * 60),
  /** How often the backstop looks for open orders past their lock. */
  EXPIRY_SWEEP_INTERVAL_MS: env.positiveInt(2_000),
  /**
   * How long past an order's `expiresAt` a payment accepted in time may keep it (paying in time
   * wins): the same as payments' setting. Orders waits no longer than this for payments to answer
   * its order.lock-expired before cancelling an expired order on its own.
   */
  PAYMENT_HOLD_SECONDS: env.positiveInt(120),
  /**
   * How long a buyer's cancellation waits for a payment being charged to end, before it answers
   * 409. Charges end within seconds, and a buyer just told "declined" may cancel at once even
   * though the payment.failed that frees the order is still on its way.
   */
  CANCEL_WAITS_FOR_PAYMENT_MS: env.positiveInt(3_000),
  /** Fair sales: the open orders one buyer may hold at once (CONTRACT.md, POST /api/orders). */
  MAX_OPEN_ORDERS_PER_USER: env.positiveInt(10),
  /** Fair sales: the order attempts one buyer may send in 10 s. */
  ORDER_ATTEMPTS_PER_10S: env.positiveInt(20),
});

export type OrdersConfig = z.infer<typeof ordersConfig>;
