import express, { type RequestHandler, Router } from "express";
import { sendStripeError } from "./api/respond.js";
import { StripeApiError } from "./stripe-errors.js";

/**
 * Fault injection beyond `hold()`, for chaos runs: Stripe slow, failing with 5xx before or after
 * it did the work, and webhooks late, twice and out of order. All off by default;
 * `POST /_emulator/faults` sets them, `{}` clears them.
 */
export interface StripeFaultSettings {
  /** Every /v1 request waits this long before it runs (Stripe slow; past the SDK's timeout, timing out). */
  delayMs: number;
  /** Share (0–1) of /v1 requests answered 500 `api_error` before anything ran. */
  failureRate: number;
  /**
   * Share (0–1) of /v1 requests that run (a charge is made, the answer saved under the request's
   * idempotency key) and then lose their answer: the connection drops, as when Stripe fails
   * after it charged. A retry with the key gets the saved answer.
   */
  lostAnswerRate: number;
  /** Every webhook delivery starts this long after its event happened. */
  webhookDelayMs: number;
  /** A random extra delay from 0 to this, per delivery: events overtake one another. */
  webhookJitterMs: number;
  /** Each event is delivered twice (same id), as Stripe may. */
  webhookTwice: boolean;
}

const OFF: StripeFaultSettings = {
  delayMs: 0,
  failureRate: 0,
  lostAnswerRate: 0,
  webhookDelayMs: 0,
  webhookJitterMs: 0,
  webhookTwice: false,
};

export class StripeFaults {
  #settings: StripeFaultSettings = { ...OFF };
  readonly #timers = new Set<NodeJS.Timeout>();

  get settings(): StripeFaultSettings {
    return { ...this.#settings };
  }

  /** Replaces the settings: what is not given is off. */
  set(settings: Partial<StripeFaultSettings>): void {
    this.#settings = { ...OFF, ...settings };
  }

  /** Before the /v1 routes: the delay, then perhaps a 500 with nothing done, or a lost answer. */
  readonly apiFaults: RequestHandler = (_req, res, next) => {
    const { delayMs, failureRate, lostAnswerRate } = this.#settings;
    const go = () => {
      if (failureRate > 0 && Math.random() < failureRate) {
        const message = "An unknown error occurred (emulator fault injection)";
        return sendStripeError(res, new StripeApiError(500, { type: "api_error", message }, true));
      }
      if (lostAnswerRate > 0 && Math.random() < lostAnswerRate) {
        // Every answer is sent as JSON (sendJson): instead, the connection drops.
        res.json = () => {
          res.socket?.destroy();
          return res;
        };
      }
      next();
    };
    if (delayMs > 0) this.#later(delayMs, go);
    else go();
  };

  /** Runs a webhook delivery as the settings say: later, jittered, perhaps twice. */
  deliver(send: () => void): void {
    const { webhookDelayMs, webhookJitterMs, webhookTwice } = this.#settings;
    const times = webhookTwice ? 2 : 1;
    for (let i = 0; i < times; i++) {
      const delay = webhookDelayMs + Math.random() * webhookJitterMs;
      if (delay > 0) this.#later(delay, send);
      else send();
    }
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }
}

export function faultRoutes(faults: StripeFaults): Router {
  const router = Router();
  router.get("/_emulator/faults", (_req, res) => {
    res.json(faults.settings);
  });
  router.post("/_emulator/faults", express.json(), (req, res) => {
    const body: unknown = req.body ?? {};
    const settings: Partial<StripeFaultSettings> = {};
    if (typeof body === "object" && body !== null) {
      const given = body as Record<string, unknown>;
      for (const key of Object.keys(OFF) as Array<keyof StripeFaultSettings>) {
        const value = given[key];
        if (key === "webhookTwice") {
          if (typeof value === "boolean") settings.webhookTwice = value;
        } else if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
          settings[key] = value;
        }
      }
    }
    faults.set(settings);
    res.json(faults.settings);
  });
  return router;
}
