"use client";

import { useActionState, useRef } from "react";
import { payOrder } from "../actions/payments";
import { initialFormState } from "../lib/form-state";
import { FormAlert, SelectField } from "./field";
import { SubmitButton } from "./submit-button";
import { useFocusOnError } from "./use-focus-on-error";

/** Stripe's test PaymentMethods, as the emulator (and Stripe in test mode) treats them. */
const TEST_CARDS = [
  { id: "pm_card_visa", label: "Visa (succeeds)" },
  { id: "pm_card_chargeDeclined", label: "Declined" },
  { id: "pm_card_authenticationRequired", label: "3-D Secure" },
] as const;

/**
 * Paying without Stripe keys: a choice of test card, sent as its PaymentMethod id under the
 * form's Idempotency-Key. Works as a plain form without JavaScript.
 */
export function TestCardPayForm({
  orderId,
  idempotencyKey,
  amount,
}: {
  orderId: string;
  idempotencyKey: string;
  amount: string;
}) {
  const [state, action] = useActionState(payOrder, initialFormState({}, idempotencyKey));
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  const chosen = state.values.paymentMethodId || TEST_CARDS[0].id;

  return (
    <form ref={form} action={action} className="stack" key={chosen}>
      <FormAlert message={state.errors.alert} />
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="idempotencyKey" value={state.idempotencyKey ?? idempotencyKey} />
      <SelectField
        label="Test card"
        name="paymentMethodId"
        defaultValue={chosen}
        hint="Test mode: no real card is charged."
        error={state.errors.fields.paymentMethodId}
      >
        {TEST_CARDS.map((card) => (
          <option key={card.id} value={card.id}>
            {card.label}
          </option>
        ))}
      </SelectField>
      <div className="actions">
        <SubmitButton>Pay</SubmitButton>
        <span className="muted">{amount} will be charged.</span>
      </div>
    </form>
  );
}
