import { busEnv, env, loadConfig } from "@microtickets/common";
import { z } from "zod";

const schema = z.object({
  PORT: env.port(4004),
  NODE_ENV: env.nodeEnv(),
  REDIS_URL: env.url(["redis", "rediss"]),
  // Namespaces every key of this service (npm start sets "<namespace>:expiration:" per stack).
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w.-]+(:[\w.-]+)*:?$/, 'segments of letters, digits, "_", "." or "-" joined by ":"')
    .default("expiration:"),
  ...busEnv,
});

export type ExpirationConfig = z.infer<typeof schema>;

export const loadExpirationConfig = (source: NodeJS.ProcessEnv = process.env): ExpirationConfig =>
  loadConfig(schema, source);
