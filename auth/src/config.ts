import { env, loadConfig } from "@microtickets/common";
import { z } from "zod";

const schema = z.object({
  PORT: env.port(4001),
  NODE_ENV: env.nodeEnv(),
  DATABASE_URL: env.url(["postgres", "postgresql"]),
  REDIS_URL: env.url(["redis", "rediss"]),
  JWT_PRIVATE_KEY: env.pem("PRIVATE"),
  JWT_PUBLIC_KEY: env.pem("PUBLIC"),
  SESSION_TTL_SECONDS: env.positiveInt(24 * 60 * 60),
  SIGNIN_MAX_FAILURES_PER_EMAIL: env.positiveInt(5),
  SIGNIN_MAX_FAILURES_PER_IP: env.positiveInt(100),
  SIGNIN_FAILURE_WINDOW_SECONDS: env.positiveInt(15 * 60),
  TRUST_PROXY_HOPS: z.coerce.number().int().nonnegative().default(1),
  REDIS_KEY_PREFIX: z.string().default("auth:"),
});

export type AuthConfig = z.infer<typeof schema>;

export const loadAuthConfig = (source: NodeJS.ProcessEnv = process.env): AuthConfig =>
  loadConfig(schema, source);
