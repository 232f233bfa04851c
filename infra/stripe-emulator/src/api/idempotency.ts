import type { NextFunction, Request, RequestHandler, Response } from "express";
import { canonicalJson, type IdempotencyKeys, idempotencyMessages } from "../idempotency.js";
import { formParams } from "../params.js";
import { StripeApiError } from "../stripe-errors.js";
import { endpointName, requestState } from "./request-state.js";
import { sendJson, sendStripeError } from "./respond.js";

/**
 * Two middlewares around the body parser. `claim` runs as soon as the headers are in, so a
 * second request with the key, arriving while the first is still being received or executed,
 * is refused with 409 and not run; `replay` answers a key already used, once the body can be
 * compared with the first one's.
 */
export function idempotencyMiddlewares(keys: IdempotencyKeys): {
  claim: RequestHandler;
  replay: RequestHandler;
} {
  const claim = (req: Request, res: Response, next: NextFunction) => {
    const key = req.get("Idempotency-Key");
    // Keys only mean something on POST; Stripe ignores them on GET and DELETE.
    if (req.method !== "POST" || !key) return next();
    const state = requestState(res);
    const claimed = keys.claim(state.apiKey ?? "", key, endpointName(req));
    if (claimed.kind === "running") {
      const error = {
        type: "idempotency_error" as const,
        code: "idempotency_key_in_use",
        message: idempotencyMessages.inProgress(key),
      };
      return sendStripeError(res, new StripeApiError(409, error));
    }
    state.idempotency = claimed;
    // Whatever ends this request without saving an answer (a 404, a broken body, a
    // disconnect) frees the key; after a save this does nothing.
    if (claimed.kind === "new") res.once("close", claimed.release);
    next();
  };

  const replay = (req: Request, res: Response, next: NextFunction) => {
    const claimed = requestState(res).idempotency;
    if (claimed?.kind !== "saved") return next();
    const endpoint = endpointName(req);
    const mismatch =
      claimed.endpoint !== endpoint
        ? idempotencyMessages.otherEndpoint(claimed.key, claimed.endpoint, endpoint)
        : claimed.params !== canonicalJson(formParams(req.body))
          ? idempotencyMessages.otherParameters(claimed.key)
          : undefined;
    if (mismatch) {
      const error = { type: "idempotency_error" as const, message: mismatch };
      return sendStripeError(res, new StripeApiError(400, error));
    }
    res.set({ "Idempotent-Replayed": "true", "Original-Request": claimed.response.requestId });
    sendJson(res, claimed.response.status, claimed.response.body);
  };

  return { claim, replay };
}
