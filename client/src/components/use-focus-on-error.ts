"use client";

import { type RefObject, useEffect } from "react";
import type { FormState } from "../lib/form-state";

/**
 * After an answer with errors, moves focus to the first invalid field (or the alert), so a
 * keyboard or screen-reader user lands on what to fix rather than on a button that did nothing.
 */
export function useFocusOnError(form: RefObject<HTMLFormElement | null>, state: FormState) {
  useEffect(() => {
    const { fields, alert } = state.errors;
    if (Object.keys(fields).length === 0 && !alert) return;
    const target = form.current?.querySelector<HTMLElement>(
      '[aria-invalid="true"], [role="alert"]',
    );
    if (!target) return;
    if (target.getAttribute("role") === "alert") target.setAttribute("tabindex", "-1");
    target.focus();
  }, [form, state]);
}
