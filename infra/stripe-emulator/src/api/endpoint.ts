import type { Request, RequestHandler, Response } from "express";
import type { RequestContext } from "../account/events.js";
import type { ResponseHold } from "../hold.js";
import type { SavedResponse } from "../idempotency.js";
import type { LedgerBook } from "../ledger.js";
import type { EmulatorLogger } from "../logger.js";
import { type FormParams, formParams } from "../params.js";
import { StripeApiError, stripeErrorBody } from "../stripe-errors.js";
import { requestState } from "./request-state.js";
import { sendJson } from "./respond.js";

export interface ApiCall {
  /** The form body of a POST, the query of a GET. */
  params: FormParams;
  /** The `:id` in the path, when the route has one. */
  id: string;
  context: RequestContext;
}

/** A route's work: returns the object to answer with, or throws a StripeApiError. */
export type ApiHandler = (call: ApiCall) => object;

export type Endpoint = (handler: ApiHandler) => RequestHandler;

/**
 * Runs a route the way Stripe's API runs an endpoint: the answer is saved under the request's
 * idempotency key unless the parameters were refused before anything ran, and an answer to a
 * request that charged waits while the emulator holds answers (fault injection).
 */
export function endpoint(deps: {
  ledger: LedgerBook;
  hold: ResponseHold;
  logger: EmulatorLogger;
}): Endpoint {
  return (handler) => async (req: Request, res: Response) => {
    const state = requestState(res);
    const params = formParams(req.method === "GET" ? req.query : req.body);
    const context: RequestContext = {
      requestId: state.requestId,
      idempotencyKey: state.idempotency?.key ?? null,
    };
    // Handlers run synchronously: a charge recorded meanwhile is this request's.
    const chargesBefore = deps.ledger.chargeCount;
    const id = String(req.params.id ?? "");
    const { response, ranNothing } = run(handler, { params, id, context });

    const claim = state.idempotency;
    if (claim?.kind === "new") {
      if (ranNothing) claim.release();
      else claim.save(params, response);
    }
    if (deps.ledger.chargeCount > chargesBefore) await deps.hold.passage();
    sendJson(res, response.status, response.body);
  };

  function run(
    handler: ApiHandler,
    call: ApiCall,
  ): { response: SavedResponse; ranNothing: boolean } {
    const requestId = call.context.requestId ?? "";
    try {
      // A copy: the objects live on, the answer is as they were now.
      return {
        response: { status: 200, body: structuredClone(handler(call)), requestId },
        ranNothing: false,
      };
    } catch (error) {
      if (error instanceof StripeApiError) {
        const body = structuredClone(stripeErrorBody(error, requestId));
        return {
          response: { status: error.status, body, requestId },
          ranNothing: error.beforeExecution,
        };
      }
      deps.logger.error({ err: error, requestId }, "emulator bug: request failed");
      const body = { error: { type: "api_error", message: "An unknown error occurred" } };
      return { response: { status: 500, body, requestId }, ranNothing: false };
    }
  }
}
