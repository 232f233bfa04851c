import type { Pool } from "@microtickets/common";
import type { SessionSigner } from "./domain/session-token.js";
import type { SignInLimiter } from "./domain/sign-in-limiter.js";

/** What the routes need, built once in service.ts. */
export interface AuthDeps {
  db: Pool;
  limiter: SignInLimiter;
  signSession: SessionSigner;
  session: { secure: boolean; ttlSeconds: number };
}
