"use client";

import type { Stripe, StripeCardElement } from "@stripe/stripe-js";
import { loadStripe } from "@stripe/stripe-js/pure";
import { useRouter } from "next/navigation";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { payOrder } from "../actions/payments";
import { initialFormState } from "../lib/form-state";
import { FormAlert } from "./field";

let stripeLoad: Promise<Stripe | null> | undefined;

const LOAD_TIMEOUT_MS = 15_000;
const LOAD_FAILED = "The card form could not load. Check your connection and reload the page.";

/**
 * Stripe.js is fetched from Stripe only here, only when the storefront has a publishable key,
 * and without its fraud-signal beacons on every page (`/pure` loads nothing until asked).
 */
function stripe(publishableKey: string): Promise<Stripe | null> {
  if (!stripeLoad) {
    loadStripe.setLoadParameters({ advancedFraudSignals: false });
    stripeLoad = loadStripe(publishableKey);
  }
  return stripeLoad;
}

/**
 * Paying with real Stripe: Elements collects the card in Stripe's iframe, the browser turns it
 * into a PaymentMethod, the server action pays with its id (under the form's Idempotency-Key),
 * and a 3-D Secure request is finished in the browser with `handleNextAction`.
 */
export function StripePayForm({
  publishableKey,
  orderId,
  idempotencyKey,
  amount,
}: {
  publishableKey: string;
  orderId: string;
  idempotencyKey: string;
  amount: string;
}) {
  const [state, action, pending] = useActionState(payOrder, initialFormState({}, idempotencyKey));
  const [problem, setProblem] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [working, setWorking] = useState(false);
  const mount = useRef<HTMLDivElement>(null);
  const card = useRef<StripeCardElement | null>(null);
  const router = useRouter();

  useEffect(() => {
    let cancelled = false;
    let loaded = false;
    const failed = () => {
      if (!cancelled && !loaded) setProblem(LOAD_FAILED);
    };
    // Stripe.js retries a failed load and can stay pending when offline: give up visibly.
    const giveUp = setTimeout(failed, LOAD_TIMEOUT_MS);
    stripe(publishableKey)
      .then((instance) => {
        if (cancelled || !instance || !mount.current) return;
        loaded = true;
        const element = instance.elements().create("card", { hidePostalCode: true });
        element.mount(mount.current);
        element.on("ready", () => setReady(true));
        element.on("change", (event) => setProblem(event.error?.message ?? null));
        card.current = element;
      })
      .catch(failed);
    return () => {
      cancelled = true;
      clearTimeout(giveUp);
      card.current?.destroy();
      card.current = null;
    };
  }, [publishableKey]);

  useEffect(() => {
    const clientSecret = state.clientSecret;
    if (!clientSecret) return;
    setWorking(true);
    stripe(publishableKey)
      .then((loaded) => loaded?.handleNextAction({ clientSecret }))
      .then((result) => {
        if (result?.error) setProblem(result.error.message ?? "Authentication failed.");
      })
      .finally(() => {
        setWorking(false);
        router.refresh();
      });
  }, [state.clientSecret, publishableKey, router]);

  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending || working) return;
    const loaded = await stripe(publishableKey);
    if (!loaded || !card.current) return;
    setWorking(true);
    const { paymentMethod, error } = await loaded.createPaymentMethod({
      type: "card",
      card: card.current,
    });
    setWorking(false);
    if (error || !paymentMethod) {
      setProblem(error?.message ?? "The card could not be read.");
      return;
    }
    setProblem(null);
    const form = new FormData();
    form.set("orderId", orderId);
    form.set("idempotencyKey", state.idempotencyKey ?? idempotencyKey);
    form.set("paymentMethodId", paymentMethod.id);
    startTransition(() => action(form));
  };

  return (
    <form onSubmit={submit} className="stack">
      <FormAlert message={problem ?? state.errors.alert} />
      <fieldset className="field fieldset">
        <legend className="label">Card</legend>
        <div ref={mount} className="card-element" />
      </fieldset>
      <div className="actions">
        <button
          type="submit"
          className="button button-primary"
          aria-disabled={!ready || pending || working ? true : undefined}
        >
          Pay
        </button>
        <span className="muted">{amount} will be charged.</span>
      </div>
    </form>
  );
}
