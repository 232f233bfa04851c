"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/**
 * A form's submit button that ignores a second press while the first is on its way (with
 * JavaScript; without it the Idempotency-Key still makes a resend harmless). It stays focusable
 * and keeps its name, so nothing under a keyboard user's focus disappears.
 */
export function SubmitButton({
  children,
  variant = "primary",
  name,
  value,
}: {
  children: ReactNode;
  variant?: "primary" | "secondary" | "danger";
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={`button button-${variant}`}
      aria-disabled={pending ? true : undefined}
      data-pending={pending ? true : undefined}
      onClick={(event) => {
        if (pending) event.preventDefault();
      }}
    >
      {children}
    </button>
  );
}
