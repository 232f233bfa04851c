"use client";

import { useActionState, useRef } from "react";
import { createTicket, updateTicket } from "../actions/tickets";
import { CATEGORIES } from "../lib/catalog";
import { initialFormState } from "../lib/form-state";
import { FormAlert, SelectField, TextField } from "./field";
import { SubmitButton } from "./submit-button";
import { useFocusOnError } from "./use-focus-on-error";

export interface TicketFormValues {
  title: string;
  price: string;
  category: string;
  venue: string;
  /** A `datetime-local` value in the storefront's time zone, or "". */
  date: string;
}

/** Sell a ticket (no `ticketId`) or edit one; works as a plain form without JavaScript. */
export function TicketForm({
  ticketId,
  initial,
  timeZone,
}: {
  ticketId?: string;
  initial: TicketFormValues;
  timeZone: string;
}) {
  const [state, action] = useActionState(
    ticketId ? updateTicket : createTicket,
    initialFormState({ ...initial }),
  );
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  const { fields, alert } = state.errors;
  const values = state.values;

  return (
    <form ref={form} action={action} noValidate className="stack" key={JSON.stringify(values)}>
      <FormAlert message={alert} />
      {ticketId ? <input type="hidden" name="ticketId" value={ticketId} /> : null}
      <TextField
        label="Title"
        name="title"
        required
        maxLength={200}
        autoComplete="off"
        hint="What the event is, as a buyer would search for it."
        defaultValue={values.title ?? ""}
        error={fields.title}
      />
      <div className="field-row">
        <TextField
          label="Price"
          name="price"
          required
          inputMode="decimal"
          autoComplete="off"
          hint="In US dollars, from $0.50 to $999,999.99."
          defaultValue={values.price ?? ""}
          error={fields.price}
        />
        <SelectField
          label="Category"
          name="category"
          defaultValue={values.category || "other"}
          error={fields.category}
        >
          {CATEGORIES.map((category) => (
            <option key={category.value} value={category.value}>
              {category.label}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField
        label="Venue"
        name="venue"
        maxLength={200}
        autoComplete="off"
        defaultValue={values.venue ?? ""}
        error={fields.venue}
      />
      <TextField
        label="Date"
        name="date"
        type="datetime-local"
        hint={`Local time in ${timeZone}. Leave empty if not yet announced.`}
        defaultValue={values.date ?? ""}
        error={fields.date}
      />
      <div className="actions">
        <SubmitButton>{ticketId ? "Save" : "List ticket"}</SubmitButton>
      </div>
    </form>
  );
}
