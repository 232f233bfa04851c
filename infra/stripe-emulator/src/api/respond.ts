import type { NextFunction, Request, RequestHandler, Response } from "express";
import { API_VERSION } from "../account/events.js";
import type { EmulatorLogger } from "../logger.js";
import { type StripeApiError, stripeErrorBody } from "../stripe-errors.js";
import { endpointName, requestState } from "./request-state.js";

/** Every answer carries its `Request-Id`, as Stripe's do; the SDK reads it into errors. */
export function stripeHeaders(req: Request, res: Response, next: NextFunction): void {
  res.set({
    "Request-Id": requestState(res).requestId,
    "Stripe-Version": req.get("Stripe-Version") ?? API_VERSION,
    "Cache-Control": "no-cache, no-store",
  });
  const idempotencyKey = req.get("Idempotency-Key");
  if (idempotencyKey) res.set("Idempotency-Key", idempotencyKey);
  next();
}

export function sendJson(res: Response, status: number, body: object): void {
  // A caller that gave up on a held answer has gone; there is no one to answer.
  if (res.destroyed) return;
  res.status(status).json(body);
}

export function sendStripeError(res: Response, error: StripeApiError): void {
  sendJson(res, error.status, stripeErrorBody(error, requestState(res).requestId));
}

/** One line per API request once answered: what a developer reads to see what payments asked. */
export function logRequests(logger: EmulatorLogger): RequestHandler {
  return (req, res, next) => {
    res.once("finish", () => {
      logger.info(
        {
          requestId: requestState(res).requestId,
          endpoint: endpointName(req),
          status: res.statusCode,
          idempotencyKey: req.get("Idempotency-Key") ?? null,
          replayed: res.get("Idempotent-Replayed") === "true",
        },
        "stripe request",
      );
    });
    next();
  };
}
