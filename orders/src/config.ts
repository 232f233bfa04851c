import { busEnv, env, loadConfig } from "@microtickets/common";
import { z } from "zod";

const schema = z.object({
  PORT: env.port(4003),
  NODE_ENV: env.nodeEnv(),
  DATABASE_URL: env.url(["postgres", "postgresql"]),
  JWT_PUBLIC_KEY: env.pem("PUBLIC"),
  TRUST_PROXY_HOPS: z.coerce.number().int().nonnegative().default(1),
  /** How long an order locks its ticket (CONTRACT.md: the 15-minute lock). */
  ORDER_LOCK_SECONDS: env.positiveInt(15 * 60),
  /** How often the backstop looks for open orders past their lock. */
  EXPIRY_SWEEP_INTERVAL_MS: env.positiveInt(2_000),
  ...busEnv,
});

export type OrdersConfig = z.infer<typeof schema>;

export const loadOrdersConfig = (source: NodeJS.ProcessEnv = process.env): OrdersConfig =>
  loadConfig(schema, source);
