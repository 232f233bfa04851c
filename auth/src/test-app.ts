import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createLogger, importSessionPublicKey } from "@microtickets/common";
import {
  createTestDatabase,
  generateSessionKeys,
  type TestDatabase,
} from "@microtickets/common/testing";
import { Redis } from "ioredis";
import { buildApp } from "./app.js";
import { createSessionSigner } from "./domain/session-token.js";
import { SignInLimiter, type SignInLimits } from "./domain/sign-in-limiter.js";

const migrations = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * The auth app on a database and a Redis key space of its own, for one test file.
 * `replica()` builds a second app on the same state, as a second pod would be.
 */
export async function createAuthTestApp(label: string, limits: Partial<SignInLimits> = {}) {
  const db: TestDatabase = await createTestDatabase(`auth_${label}`, migrations);
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const keys = generateSessionKeys();
  const keyPrefix = `test:${label}:${randomUUID()}:`;
  const sessionPublicKey = await importSessionPublicKey(keys.publicKeyPem);
  const signSession = await createSessionSigner(keys.privateKeyPem, 3600);

  const replica = () =>
    buildApp({
      logger: createLogger("auth-test"),
      sessionPublicKey,
      readiness: { database: () => db.pool.query("SELECT 1"), redis: () => redis.ping() },
      deps: {
        db: db.pool,
        signSession,
        session: { secure: false, ttlSeconds: 3600 },
        limiter: new SignInLimiter(redis, {
          maxFailuresPerEmail: 5,
          maxFailuresPerIp: 100,
          windowSeconds: 900,
          keyPrefix,
          ...limits,
        }),
      },
    });

  return {
    app: replica(),
    replica,
    db,
    keys,
    async close() {
      const leftovers = await redis.keys(`${keyPrefix}*`);
      if (leftovers.length > 0) await redis.del(...leftovers);
      redis.disconnect();
      await db.drop();
    },
  };
}
