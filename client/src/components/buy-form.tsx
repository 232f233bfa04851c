"use client";

import { useActionState, useRef } from "react";
import { buyTicket } from "../actions/orders";
import { initialFormState } from "../lib/form-state";
import { FormAlert } from "./field";
import { SubmitButton } from "./submit-button";
import { useFocusOnError } from "./use-focus-on-error";

/**
 * The "Buy" button: creates the order under an Idempotency-Key rendered with the page, so a
 * double click or a resent form buys once.
 */
export function BuyForm({
  ticketId,
  idempotencyKey,
}: {
  ticketId: string;
  idempotencyKey: string;
}) {
  const [state, action] = useActionState(buyTicket, initialFormState({}, idempotencyKey));
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  return (
    <form ref={form} action={action} className="stack buy-form">
      <FormAlert message={state.errors.alert} />
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="idempotencyKey" value={state.idempotencyKey ?? idempotencyKey} />
      <div className="actions">
        <SubmitButton>Buy</SubmitButton>
      </div>
    </form>
  );
}
