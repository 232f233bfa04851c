import type { SessionKeys } from "./keys.js";
import type { ServiceEntry } from "./services.js";

/** Where a service finds its infrastructure; `database` is its own database, not the server. */
export interface ServiceUrls {
  database?: string;
  nats: string;
  redis: string;
}

/** Set here per service; whatever the launcher itself was given for them must not leak through. */
const ASSIGNED = [
  "PORT",
  "DATABASE_URL",
  "NATS_URL",
  "REDIS_URL",
  "JWT_PRIVATE_KEY",
  "JWT_PUBLIC_KEY",
];

/**
 * A replica's environment: the launcher's own (ORDER_LOCK_SECONDS, STRIPE_*, PATH … pass
 * through), its own port and database, only the infrastructure it declares, and the private
 * session key only where sessions are minted.
 */
export function serviceEnv(
  entry: ServiceEntry,
  port: number,
  urls: ServiceUrls,
  keys: Pick<SessionKeys, "privateKey" | "publicKey">,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of ASSIGNED) delete env[name];
  env.PORT = String(port);
  env.NODE_ENV = base.NODE_ENV || "development";
  // The console belongs to the launcher's summary; full logs are in .data/logs.
  env.LOG_LEVEL = base.LOG_LEVEL || "warn";
  env.JWT_PUBLIC_KEY = keys.publicKey;
  if (entry.signsSessions) env.JWT_PRIVATE_KEY = keys.privateKey;
  if (entry.uses.includes("postgres")) env.DATABASE_URL = urls.database;
  if (entry.uses.includes("nats")) env.NATS_URL = urls.nats;
  if (entry.uses.includes("redis")) env.REDIS_URL = urls.redis;
  return env;
}
