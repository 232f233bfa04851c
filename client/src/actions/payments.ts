"use server";

import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { formErrorsFrom } from "../lib/api-errors";
import type { Order } from "../lib/catalog";
import { textField, uuidField } from "../lib/form-input";
import { alertState, type FormState } from "../lib/form-state";
import {
  authenticatePath,
  PAYMENT_INTENT,
  pendingAuthenticationCookie,
} from "../lib/pending-authentication";
import { signInPath } from "../lib/return-path";
import { apiCall, hasSessionCookie } from "../server/api";
import { storefrontConfig } from "../server/config";
import { waitForOrder } from "../server/order-wait";

// Public endpoints: each checks the session and reads every field as untrusted. The payment is
// for whoever the session says; payments refuses another buyer's order (404).

const PAYMENT_METHOD = /^pm_\w{1,250}$/;

interface PaymentAnswer {
  id: string;
  orderId: string;
  stripeId: string | null;
  status: string;
  clientSecret?: string | null;
}

/**
 * Pays for an order with a PaymentMethod: a test card's id with the emulator, or the one
 * Stripe Elements created. The form's Idempotency-Key makes a double click or a resend the same
 * charge; every answer that leaves the form in place comes with a fresh key for the next try.
 */
export async function payOrder(_previous: FormState, form: FormData): Promise<FormState> {
  const orderId = uuidField(form, "orderId");
  const idempotencyKey = uuidField(form, "idempotencyKey");
  const paymentMethodId = textField(form, "paymentMethodId", 260);
  if (orderId === undefined || idempotencyKey === undefined) {
    return alertState("This form is out of date; reload the page and try again.");
  }
  const returnTo = `/orders/${orderId}`;
  if (!(await hasSessionCookie())) redirect(signInPath(returnTo));
  const values = { paymentMethodId: paymentMethodId ?? "" };
  if (paymentMethodId === undefined || !PAYMENT_METHOD.test(paymentMethodId)) {
    return {
      errors: { fields: { paymentMethodId: "Choose a card" }, alert: null },
      values,
      idempotencyKey,
    };
  }

  const result = await apiCall<PaymentAnswer>("POST", "/api/payments", {
    body: { orderId, paymentMethodId },
    idempotencyKey,
    returnTo,
  });
  if (!result.ok) {
    const errors = formErrorsFrom(result.items, { paymentMethodId: "paymentMethodId" });
    if (result.status === 404) notFound();
    if (result.unavailable) {
      // The charge may or may not have happened: the same key again is the same attempt.
      return { errors, values, idempotencyKey };
    }
    return { errors, values, idempotencyKey: randomUUID() };
  }

  if (result.status === 202) {
    const { stripeId, clientSecret } = result.data;
    if (storefrontConfig().stripePublishableKey !== undefined && clientSecret) {
      // Stripe.js finishes 3-D Secure in the browser (handleNextAction).
      return {
        errors: { fields: {}, alert: null },
        values,
        idempotencyKey: randomUUID(),
        clientSecret,
      };
    }
    if (stripeId && PAYMENT_INTENT.test(stripeId)) {
      (await cookies()).set(pendingAuthenticationCookie(orderId), stripeId, {
        httpOnly: true,
        sameSite: "lax",
        path: `/orders/${orderId}`,
        maxAge: 30 * 60,
      });
      redirect(authenticatePath(orderId, stripeId));
    }
    redirect(returnTo);
  }

  // A 201 is final: the order is complete or becomes so within a second.
  const order = await waitForOrder(orderId, (seen) => seen.status === "complete", 2_000);
  redirect(order?.status === "complete" ? returnTo : `${returnTo}?payment=accepted`);
}

/**
 * The emulator's stand-in for the bank's 3-D Secure page: completes or fails the
 * authentication through the emulator's control, then back to the order.
 */
export async function answerAuthentication(form: FormData): Promise<void> {
  const orderId = uuidField(form, "orderId");
  const intentId = textField(form, "intent", 260);
  const outcome = textField(form, "outcome", 10);
  const stripeApiBase = storefrontConfig().stripeApiBase;
  if (orderId === undefined || intentId === undefined || !PAYMENT_INTENT.test(intentId)) notFound();
  if (outcome !== "succeed" && outcome !== "fail") notFound();
  if (stripeApiBase === undefined) notFound();
  const returnTo = authenticatePath(orderId, intentId);
  if (!(await hasSessionCookie())) redirect(signInPath(returnTo));

  // Only the order's buyer may answer for its payment: payments shows it to no one else.
  const order = await apiCall<Order>("GET", `/api/orders/${orderId}`, { returnTo });
  if (!order.ok && order.status === 404) notFound();

  const controlled = await driveEmulator(stripeApiBase, intentId, outcome);
  (await cookies()).delete({
    name: pendingAuthenticationCookie(orderId),
    path: `/orders/${orderId}`,
  });
  await waitForOrder(orderId, (seen) => seen.status !== "awaiting:payment", 2_000);
  const outcomeQuery = !controlled
    ? "?authentication=unavailable"
    : outcome === "fail"
      ? "?authentication=failed"
      : "";
  redirect(`/orders/${orderId}${outcomeQuery}`);
}

async function driveEmulator(
  base: string,
  intentId: string,
  outcome: "succeed" | "fail",
): Promise<boolean> {
  const url = `${base.replace(/\/+$/, "")}/_emulator/payment_intents/${encodeURIComponent(intentId)}/authenticate`;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome }),
      cache: "no-store",
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch (error) {
    console.error(JSON.stringify({ msg: "Stripe emulator unreachable", err: String(error) }));
    return false;
  }
}
