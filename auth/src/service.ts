import { ConfigError, defineService, publicKeyBlocks, sessionKeyId } from "@microtickets/common";
import { type AuthConfig, authConfig } from "./config.js";
import type { AuthDeps } from "./deps.js";
import { createSessionSigner, signingKeyId } from "./domain/session-token.js";
import { SignInLimiter } from "./domain/sign-in-limiter.js";
import { currentUserRouter } from "./routes/current-user.js";
import { signinRouter } from "./routes/signin.js";
import { signoutRouter } from "./routes/signout.js";
import { signupRouter } from "./routes/signup.js";

/**
 * Sign-up, sign-in and the session token. Redis keeps the kit's default options: the sign-in
 * limiter's commands fail fast while it is down, so a sign-in answers 503 instead of hanging.
 */
export const authService = defineService({
  name: "auth",
  config: authConfig,
  migrations: new URL("./migrations", import.meta.url),
  async setup({ config, db, redis }) {
    await assertSigningKeyPublished(config);
    const deps: AuthDeps = {
      db,
      signSession: await createSessionSigner(config.JWT_PRIVATE_KEY, config.SESSION_TTL_SECONDS),
      session: { secure: config.NODE_ENV === "production", ttlSeconds: config.SESSION_TTL_SECONDS },
      limiter: new SignInLimiter(redis, {
        maxFailuresPerEmail: config.SIGNIN_MAX_FAILURES_PER_EMAIL,
        maxFailuresPerIp: config.SIGNIN_MAX_FAILURES_PER_IP,
        windowSeconds: config.SIGNIN_FAILURE_WINDOW_SECONDS,
        keyPrefix: config.REDIS_KEY_PREFIX,
      }),
    };
    return {
      routes: [
        signupRouter(deps),
        signinRouter(deps),
        signoutRouter(deps),
        currentUserRouter(deps),
      ],
      deps,
    };
  },
});

/** Tokens signed with a key nobody verifies would sign every user in to nothing: refuse to start. */
async function assertSigningKeyPublished(config: AuthConfig) {
  const published = [config.JWT_PUBLIC_KEY, ...publicKeyBlocks(config.SESSION_PUBLIC_KEYS ?? "")];
  const kids = await Promise.all(published.map(sessionKeyId));
  if (!kids.includes(await signingKeyId(config.JWT_PRIVATE_KEY))) {
    throw new ConfigError(
      "Invalid configuration: JWT_PRIVATE_KEY: its public key is neither JWT_PUBLIC_KEY nor one of SESSION_PUBLIC_KEYS",
    );
  }
}
