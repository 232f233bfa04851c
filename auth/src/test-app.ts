import { startTestService } from "@microtickets/common/testing";
import type { SignInLimits } from "./domain/sign-in-limiter.js";
import { authService } from "./service.js";

/**
 * The auth service for one test file, as it runs, on a database and a Redis key space of its
 * own; it signs sessions with the kit's key pair (`sessions.keys`). `replica()` is a second
 * process on the same state, as a second pod would be.
 */
export function createAuthTestApp(label: string, limits: Partial<SignInLimits> = {}) {
  const env: Record<string, string> = {};
  if (limits.maxFailuresPerEmail)
    env.SIGNIN_MAX_FAILURES_PER_EMAIL = `${limits.maxFailuresPerEmail}`;
  if (limits.maxFailuresPerIp) env.SIGNIN_MAX_FAILURES_PER_IP = `${limits.maxFailuresPerIp}`;
  if (limits.windowSeconds) env.SIGNIN_FAILURE_WINDOW_SECONDS = `${limits.windowSeconds}`;
  return startTestService(authService, { label, env });
}

export { authService };
