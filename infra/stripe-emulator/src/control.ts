import express, { Router } from "express";
import type Stripe from "stripe";
import { sendStripeError } from "./api/respond.js";
import type { HoldHandle } from "./hold.js";
import type { Ledger } from "./ledger.js";
import { parameterErrors, StripeApiError } from "./stripe-errors.js";

/** What tests (and a developer with curl) can do that Stripe's API cannot. */
export interface EmulatorControls {
  ledger(): Ledger;
  authenticate(paymentIntentId: string, outcome: "succeed" | "fail"): Promise<Stripe.PaymentIntent>;
  hold(): HoldHandle;
  release(): void;
}

/** The controls over HTTP, for tests that run the emulator as another process; and /healthz. */
export function controlRoutes(controls: EmulatorControls): Router {
  const router = Router();

  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  router.get("/_emulator/ledger", (_req, res) => {
    res.json(controls.ledger());
  });

  router.post("/_emulator/payment_intents/:id/authenticate", express.json(), async (req, res) => {
    const outcome: unknown = req.body?.outcome;
    if (outcome !== "succeed" && outcome !== "fail") {
      const message = 'Send {"outcome": "succeed"} or {"outcome": "fail"} as JSON.';
      return sendStripeError(res, parameterErrors.invalid("outcome", message));
    }
    try {
      res.json(await controls.authenticate(req.params.id, outcome));
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      sendStripeError(res, error);
    }
  });

  router.post("/_emulator/hold", (_req, res) => {
    controls.hold();
    res.json({ held: true });
  });

  router.post("/_emulator/release", (_req, res) => {
    controls.release();
    res.json({ held: false });
  });

  return router;
}
