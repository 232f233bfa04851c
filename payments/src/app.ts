import {
  createApp,
  type Logger,
  type ReadinessChecks,
  type SessionPublicKey,
} from "@microtickets/common";
import type { PaymentsDeps } from "./deps.js";
import { newPaymentRouter } from "./routes/new.js";
import { webhookRouter } from "./routes/webhook.js";

export interface PaymentsAppOptions {
  deps: PaymentsDeps;
  logger: Logger;
  sessionPublicKey: SessionPublicKey;
  readiness: ReadinessChecks;
  trustProxy?: number;
}

export function buildApp({ deps, ...options }: PaymentsAppOptions) {
  return createApp({
    ...options,
    rawBodyRoutes: [webhookRouter(deps)],
    routes: [newPaymentRouter(deps)],
  });
}
