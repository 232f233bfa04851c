import {
  createApp,
  type Logger,
  type ReadinessChecks,
  type SessionPublicKey,
} from "@microtickets/common";
import type { AuthDeps } from "./deps.js";
import { currentUserRouter } from "./routes/current-user.js";
import { signinRouter } from "./routes/signin.js";
import { signoutRouter } from "./routes/signout.js";
import { signupRouter } from "./routes/signup.js";

export interface AuthAppOptions {
  deps: AuthDeps;
  logger: Logger;
  sessionPublicKey: SessionPublicKey;
  readiness: ReadinessChecks;
  trustProxy?: number;
}

export function buildApp({ deps, ...options }: AuthAppOptions) {
  return createApp({
    ...options,
    routes: [signupRouter(deps), signinRouter(deps), signoutRouter(deps), currentUserRouter()],
  });
}
