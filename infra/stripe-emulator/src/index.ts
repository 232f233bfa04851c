export { type EmulatorClient, emulatorClient } from "./client.js";
export {
  type StripeEmulator,
  type StripeEmulatorOptions,
  startStripeEmulator,
} from "./emulator.js";
export type { HoldHandle } from "./hold.js";
export type { Ledger, LedgerCharge, LedgerRefund } from "./ledger.js";
export type { EmulatorLogger } from "./logger.js";
export { StripeApiError } from "./stripe-errors.js";
export { stripeSignature } from "./webhook-signature.js";
export type { WebhookEndpoint, WebhookRetryPolicy } from "./webhooks.js";
