import type { Request, Response } from "express";
import type { Claim } from "../idempotency.js";
import { newId } from "../ids.js";

/** What the middlewares learn about a request on its way to the route. */
export interface RequestState {
  requestId: string;
  /** The secret key it authenticated with: idempotency keys are scoped to it. */
  apiKey?: string;
  idempotency?: Claim;
}

const states = new WeakMap<Response, RequestState>();

export function requestState(res: Response): RequestState {
  let state = states.get(res);
  if (!state) {
    state = { requestId: newId("req") };
    states.set(res, state);
  }
  return state;
}

/** "POST /v1/payment_intents": how Stripe names an endpoint in its messages. */
export function endpointName(req: Request): string {
  return `${req.method} ${req.originalUrl.split("?", 1)[0]}`;
}
