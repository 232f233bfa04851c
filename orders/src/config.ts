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
});

export type OrdersConfig = z.infer<typeof ordersConfig>;
