import { busEnv, redisEnv, serviceConfig } from "@microtickets/common";
import type { z } from "zod";

// REDIS_KEY_PREFIX namespaces every key of this service (npm start sets "<namespace>:expiration:").
export const expirationConfig = serviceConfig(4004).extend({
  ...redisEnv("expiration:"),
  ...busEnv,
});

export type ExpirationConfig = z.infer<typeof expirationConfig>;
