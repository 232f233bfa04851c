"use client";

import { useActionState, useRef } from "react";
import { signIn, signUp } from "../actions/account";
import { initialFormState } from "../lib/form-state";
import { FormAlert, TextField } from "./field";
import { SubmitButton } from "./submit-button";
import { useFocusOnError } from "./use-focus-on-error";

/** Sign in or sign up; works as a plain form without JavaScript. */
export function AccountForm({ mode, next }: { mode: "signin" | "signup"; next: string }) {
  const [state, action] = useActionState(mode === "signin" ? signIn : signUp, initialFormState());
  const form = useRef<HTMLFormElement>(null);
  useFocusOnError(form, state);
  const { fields, alert } = state.errors;

  return (
    <form
      ref={form}
      action={action}
      noValidate
      className="stack"
      key={JSON.stringify(state.values)}
    >
      <FormAlert message={alert} />
      <input type="hidden" name="next" value={next} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={state.values.email ?? ""}
        error={fields.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete={mode === "signin" ? "current-password" : "new-password"}
        required
        hint={mode === "signup" ? "8 to 128 characters." : undefined}
        error={fields.password}
      />
      <div className="actions">
        <SubmitButton>{mode === "signin" ? "Sign in" : "Sign up"}</SubmitButton>
      </div>
    </form>
  );
}
