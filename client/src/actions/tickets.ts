"use server";

import { redirect } from "next/navigation";
import { formErrorsFrom } from "../lib/api-errors";
import type { Ticket } from "../lib/catalog";
import { uuidField } from "../lib/form-input";
import { alertState, type FormState } from "../lib/form-state";
import { signInPath } from "../lib/return-path";
import { readTicketForm, TICKET_FORM_FIELDS } from "../lib/ticket-form";
import { apiCall, hasSessionCookie } from "../server/api";
import { storefrontConfig } from "../server/config";

// Public endpoints: each checks the session and reads every field as untrusted; the API is the
// final judge (the seller of an edited ticket is checked there, from the session).

export async function createTicket(_previous: FormState, form: FormData): Promise<FormState> {
  const returnTo = "/tickets/new";
  if (!(await hasSessionCookie())) redirect(signInPath(returnTo));

  const read = readTicketForm(form, storefrontConfig().timeZone, Date.now());
  if (!read.ok) return { errors: read.errors, values: read.values };

  const result = await apiCall<Ticket>("POST", "/api/tickets", { body: read.body, returnTo });
  if (!result.ok) {
    return { errors: formErrorsFrom(result.items, TICKET_FORM_FIELDS), values: read.values };
  }
  redirect(`/tickets/${result.data.id}`);
}

export async function updateTicket(_previous: FormState, form: FormData): Promise<FormState> {
  const ticketId = uuidField(form, "ticketId");
  if (ticketId === undefined) return alertState("This form is not for a ticket we know.");
  const returnTo = `/tickets/${ticketId}/edit`;
  if (!(await hasSessionCookie())) redirect(signInPath(returnTo));

  const read = readTicketForm(form, storefrontConfig().timeZone, Date.now());
  if (!read.ok) return { errors: read.errors, values: read.values };

  const result = await apiCall<Ticket>("PUT", `/api/tickets/${ticketId}`, {
    body: read.body,
    returnTo,
  });
  if (!result.ok) {
    const errors = formErrorsFrom(result.items, TICKET_FORM_FIELDS);
    if (result.status === 409) {
      errors.alert =
        "A buyer holds this ticket right now, so it cannot be edited. If their order is cancelled or expires, you can edit it again.";
    } else if (result.status === 403) {
      errors.alert = "Only the seller can edit this ticket.";
    } else if (result.status === 404) {
      errors.alert = "This ticket no longer exists.";
    }
    return { errors, values: read.values };
  }
  redirect(`/tickets/${ticketId}`);
}
