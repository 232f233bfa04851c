import { createHmac } from "node:crypto";
import { unixSeconds } from "./ids.js";

/**
 * The `Stripe-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed
 * with the endpoint's whole signing secret (`whsec_…` included), as Stripe signs; the SDK's
 * `webhooks.constructEvent` checks exactly this, and the timestamp against replays.
 */
export function stripeSignature(payload: string, secret: string, at: Date = new Date()): string {
  const timestamp = unixSeconds(at);
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${signature}`;
}
