import { apiEnv, busEnv, databaseEnv, env, redisEnv, serviceConfig } from "@microtickets/common";
import type { z } from "zod";

export const authConfig = serviceConfig(4001).extend({
  ...databaseEnv,
  ...apiEnv,
  ...redisEnv("auth:"),
  // For `session.revoked`, which it publishes through its outbox at every sign-out.
  ...busEnv,
  JWT_PRIVATE_KEY: env.pem("PRIVATE"),
  SESSION_TTL_SECONDS: env.positiveInt(24 * 60 * 60),
  SIGNIN_MAX_FAILURES_PER_EMAIL: env.positiveInt(5),
  SIGNIN_MAX_FAILURES_PER_IP: env.positiveInt(100),
  SIGNIN_FAILURE_WINDOW_SECONDS: env.positiveInt(15 * 60),
});

export type AuthConfig = z.infer<typeof authConfig>;
