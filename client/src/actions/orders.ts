"use server";

import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { formErrorsFrom, retryAfterText } from "../lib/api-errors";
import type { Order } from "../lib/catalog";
import { uuidField } from "../lib/form-input";
import { alertState, type FormState } from "../lib/form-state";
import { signInPath } from "../lib/return-path";
import { apiCall, hasSessionCookie } from "../server/api";

// Public endpoints: each checks the session and reads every field as untrusted. The buyer is
// whoever the session says, never a field.

/**
 * Buys a ticket: creates the order under the form's Idempotency-Key (rendered with the page),
 * so a double click or a resent form makes one order, and opens it.
 */
export async function buyTicket(_previous: FormState, form: FormData): Promise<FormState> {
  const ticketId = uuidField(form, "ticketId");
  const idempotencyKey = uuidField(form, "idempotencyKey");
  if (ticketId === undefined || idempotencyKey === undefined) {
    return alertState("This form is out of date; reload the page and try again.");
  }
  const returnTo = `/tickets/${ticketId}`;
  if (!(await hasSessionCookie())) redirect(signInPath(returnTo));

  const result = await apiCall<Order>("POST", "/api/orders", {
    body: { ticketId },
    idempotencyKey,
    returnTo,
  });
  if (!result.ok) {
    const errors = formErrorsFrom(result.items, {});
    if (result.status === 409) {
      errors.alert = "Someone else is buying this ticket right now, or it has just been sold.";
    } else if (result.status === 429) {
      errors.alert = [errors.alert, retryAfterText(result.headers.get("retry-after"))]
        .filter(Boolean)
        .join(" ");
    }
    return { errors, values: {}, idempotencyKey: randomUUID() };
  }
  redirect(`/orders/${result.data.id}`);
}

/** Cancels an open order; the ticket is available again. */
export async function cancelOrder(_previous: FormState, form: FormData): Promise<FormState> {
  const orderId = uuidField(form, "orderId");
  if (orderId === undefined) return alertState("This form is not for an order we know.");
  const returnTo = `/orders/${orderId}`;
  if (!(await hasSessionCookie())) redirect(signInPath(returnTo));

  const result = await apiCall("DELETE", `/api/orders/${orderId}`, { returnTo });
  if (!result.ok) {
    const errors = formErrorsFrom(result.items, {});
    if (result.status === 409) errors.alert = `This order cannot be cancelled: ${errors.alert}`;
    return { errors, values: {} };
  }
  redirect(returnTo);
}
