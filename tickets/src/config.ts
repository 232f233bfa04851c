import { busEnv, env, loadConfig } from "@microtickets/common";
import { z } from "zod";

const schema = z.object({
  PORT: env.port(4002),
  NODE_ENV: env.nodeEnv(),
  DATABASE_URL: env.url(["postgres", "postgresql"]),
  JWT_PUBLIC_KEY: env.pem("PUBLIC"),
  TRUST_PROXY_HOPS: z.coerce.number().int().nonnegative().default(1),
  ...busEnv,
});

export type TicketsConfig = z.infer<typeof schema>;

export const loadTicketsConfig = (source: NodeJS.ProcessEnv = process.env): TicketsConfig =>
  loadConfig(schema, source);
