import type { NextFunction, Request, Response } from "express";
import { StripeApiError } from "../stripe-errors.js";
import { requestState } from "./request-state.js";
import { sendStripeError } from "./respond.js";

// Test-mode secret and restricted keys; the emulator has no live mode to give a live key.
const TEST_MODE_KEY = /^(sk|rk)_test_\w+$/;

const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** `Authorization: Bearer sk_test_…` (or curl's `-u sk_test_…:`, Basic), as Stripe takes it. */
export function authenticateApiKey(req: Request, res: Response, next: NextFunction): void {
  const key = apiKeyOf(req.get("Authorization"));
  if (key === undefined || !TEST_MODE_KEY.test(key)) {
    res.set("WWW-Authenticate", 'Basic realm="Stripe"');
    const message = key ? `Invalid API Key provided: ${redacted(key)}` : NO_KEY_MESSAGE;
    sendStripeError(res, new StripeApiError(401, { type: "invalid_request_error", message }));
    return;
  }
  requestState(res).apiKey = key;
  next();
}

function apiKeyOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme = "", credentials = ""] = header.trim().split(/\s+/, 2);
  switch (scheme.toLowerCase()) {
    case "bearer":
      return credentials || undefined;
    case "basic":
      return Buffer.from(credentials, "base64").toString("utf8").split(":", 1)[0] || undefined;
    default:
      return header;
  }
}

/** Stripe names the wrong key without printing it: `sk_test_****…1234`. */
function redacted(key: string): string {
  if (key.length <= 12) return "*".repeat(key.length);
  return `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}`;
}
