import { fileURLToPath } from "node:url";
import {
  closeServer,
  createPool,
  importSessionPublicKey,
  listen,
  migrate,
  runService,
} from "@microtickets/common";
import { Redis } from "ioredis";
import { buildApp } from "./app.js";
import { loadAuthConfig } from "./config.js";
import { createSessionSigner } from "./domain/session-token.js";
import { SignInLimiter } from "./domain/sign-in-limiter.js";

const migrations = fileURLToPath(new URL("./migrations", import.meta.url));

await runService("auth", async (logger) => {
  const config = loadAuthConfig();
  await migrate(config.DATABASE_URL, migrations);
  const db = createPool(config.DATABASE_URL);
  const redis = new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 });
  redis.on("error", (error) => logger.warn({ err: error }, "redis connection error"));

  const app = buildApp({
    logger,
    sessionPublicKey: await importSessionPublicKey(config.JWT_PUBLIC_KEY),
    trustProxy: config.TRUST_PROXY_HOPS,
    readiness: { database: () => db.query("SELECT 1"), redis: () => redis.ping() },
    deps: {
      db,
      signSession: await createSessionSigner(config.JWT_PRIVATE_KEY, config.SESSION_TTL_SECONDS),
      session: { secure: config.NODE_ENV === "production", ttlSeconds: config.SESSION_TTL_SECONDS },
      limiter: new SignInLimiter(redis, {
        maxFailuresPerEmail: config.SIGNIN_MAX_FAILURES_PER_EMAIL,
        maxFailuresPerIp: config.SIGNIN_MAX_FAILURES_PER_IP,
        windowSeconds: config.SIGNIN_FAILURE_WINDOW_SECONDS,
        keyPrefix: config.REDIS_KEY_PREFIX,
      }),
    },
  });
  const server = await listen(app, config.PORT);
  logger.info({ port: config.PORT }, "listening");

  return [
    () => closeServer(server),
    () => db.end(),
    async () => {
      await redis.quit();
    },
  ];
});
