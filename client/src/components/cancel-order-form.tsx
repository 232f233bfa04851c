"use client";

import { useActionState, useRef } from "react";
import { cancelOrder } from "../actions/orders";
import { initialFormState } from "../lib/form-state";
import { FormAlert } from "./field";
import { SubmitButton } from "./submit-button";
import { useFocusOnError } from "./use-focus-on-error";

export function CancelOrderForm({ orderId }: { orderId: string }) {
  const [state, action] = useActionState(cancelOrder, initialFormState());
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  return (
    <form ref={form} action={action} className="stack">
      <FormAlert message={state.errors.alert} />
      <input type="hidden" name="orderId" value={orderId} />
      <div className="actions">
        <SubmitButton variant="secondary">Cancel order</SubmitButton>
      </div>
    </form>
  );
}
