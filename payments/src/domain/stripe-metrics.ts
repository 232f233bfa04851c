import { Histogram, register } from "prom-client";

export type StripeCall = "charge" | "refund" | "cancel";
/** ok: Stripe did it; declined: a card decline; refused: Stripe refused the request; error: no answer. */
export type StripeOutcome = "ok" | "declined" | "refused" | "error";

// Registered once per process: tests build several apps in one.
const calls =
  (register.getSingleMetric("payments_stripe_call_seconds") as
    | Histogram<"call" | "outcome">
    | undefined) ??
  new Histogram({
    name: "payments_stripe_call_seconds",
    help: "Calls to Stripe by kind and outcome, and how long they took",
    labelNames: ["call", "outcome"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });

/** Times a call to Stripe; `outcomeOf` names what it came to (a thrown error is `error`). */
export async function measured<T>(
  call: StripeCall,
  run: () => Promise<T>,
  outcomeOf: (result: T) => StripeOutcome = () => "ok",
): Promise<T> {
  const stop = calls.startTimer({ call });
  try {
    const result = await run();
    stop({ outcome: outcomeOf(result) });
    return result;
  } catch (error) {
    stop({ outcome: "error" });
    throw error;
  }
}
