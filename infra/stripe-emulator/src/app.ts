import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import type { StripeAccount } from "./account/account.js";
import { authenticateApiKey } from "./api/authentication.js";
import { endpoint } from "./api/endpoint.js";
import { eventRoutes } from "./api/events.js";
import { idempotencyMiddlewares } from "./api/idempotency.js";
import { paymentIntentRoutes } from "./api/payment-intents.js";
import { refundRoutes } from "./api/refunds.js";
import { logRequests, sendStripeError, stripeHeaders } from "./api/respond.js";
import { controlRoutes, type EmulatorControls } from "./control.js";
import { faultRoutes, type StripeFaults } from "./faults.js";
import type { ResponseHold } from "./hold.js";
import type { IdempotencyKeys } from "./idempotency.js";
import type { EmulatorLogger } from "./logger.js";
import { StripeApiError } from "./stripe-errors.js";

export interface EmulatorAppDeps {
  account: StripeAccount;
  idempotencyKeys: IdempotencyKeys;
  hold: ResponseHold;
  controls: EmulatorControls;
  logger: EmulatorLogger;
  /** Chaos runs' fault injection (faults.ts); none when absent. */
  faults?: StripeFaults;
}

/** The emulator's HTTP surface, without a port: Stripe's /v1 subset and the /_emulator controls. */
export function buildApp(deps: EmulatorAppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // Stripe's bracket syntax in queries too: `expand[0]=latest_charge`.
  app.set("query parser", "extended");

  const idempotency = idempotencyMiddlewares(deps.idempotencyKeys);
  const api = endpoint({ ledger: deps.account.ledger, hold: deps.hold, logger: deps.logger });

  app.use(stripeHeaders);
  app.use(controlRoutes(deps.controls));
  if (deps.faults) {
    app.use(faultRoutes(deps.faults));
    app.use("/v1", deps.faults.apiFaults);
  }
  app.use(
    "/v1",
    logRequests(deps.logger),
    authenticateApiKey,
    idempotency.claim,
    express.urlencoded({ extended: true, limit: "1mb" }),
    idempotency.replay,
  );
  app.use(paymentIntentRoutes(deps.account, api));
  app.use(refundRoutes(deps.account, api));
  app.use(eventRoutes(deps.account.events, api));
  app.use(unrecognizedUrl);
  app.use(errorHandler(deps.logger));
  return app;
}

const unrecognizedUrl: RequestHandler = (req, res) => {
  const message = `Unrecognized request URL (${req.method}: ${req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`;
  sendStripeError(res, new StripeApiError(404, { type: "invalid_request_error", message }));
};

/** A body that could not be read is the caller's fault (400); anything else is a bug here. */
function errorHandler(logger: EmulatorLogger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      const message = `Invalid request: ${(error as Error).message}`;
      return sendStripeError(
        res,
        new StripeApiError(status, { type: "invalid_request_error", message }),
      );
    }
    logger.error({ err: error }, "emulator bug: request failed");
    const message = "An unknown error occurred";
    sendStripeError(res, new StripeApiError(500, { type: "api_error", message }));
  };
}
