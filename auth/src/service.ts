import { defineService } from "@microtickets/common";
import { authConfig } from "./config.js";
import type { AuthDeps } from "./deps.js";
import { createSessionSigner } from "./domain/session-token.js";
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
      routes: [signupRouter(deps), signinRouter(deps), signoutRouter(deps), currentUserRouter()],
      deps,
    };
  },
});
