"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { formErrorsFrom, retryAfterText } from "../lib/api-errors";
import { textField } from "../lib/form-input";
import type { FormState } from "../lib/form-state";
import { safeReturnPath } from "../lib/return-path";
import { apiCall, hasSessionCookie } from "../server/api";
import { relaySessionCookie } from "../server/session";

// Public endpoints: anyone can POST these with anything. Sign-in and sign-up need no session;
// they forward the visitor's address (auth limits sign-ins per IP) through apiCall.

const ACCOUNT_FIELDS = { email: "email", password: "password" };

export async function signIn(_previous: FormState, form: FormData): Promise<FormState> {
  return authenticate("/api/users/signin", form);
}

export async function signUp(_previous: FormState, form: FormData): Promise<FormState> {
  return authenticate("/api/users/signup", form);
}

async function authenticate(path: string, form: FormData): Promise<FormState> {
  const email = textField(form, "email", 320)?.trim() ?? "";
  const password = textField(form, "password", 1024) ?? "";
  const next = safeReturnPath(textField(form, "next", 2000));
  const values = { email };

  const fields: Record<string, string> = {};
  if (email === "") fields.email = "Enter your email";
  if (password === "") fields.password = "Enter your password";
  if (Object.keys(fields).length > 0) return { errors: { fields, alert: null }, values };

  const result = await apiCall<{ id: string; email: string }>("POST", path, {
    body: { email, password },
  });
  if (!result.ok) {
    const errors = formErrorsFrom(result.items, ACCOUNT_FIELDS);
    if (result.status === 429) {
      const wait = retryAfterText(result.headers.get("retry-after"));
      errors.alert = [errors.alert, wait].filter(Boolean).join(" ");
    }
    return { errors, values };
  }
  await relaySessionCookie(result.headers);
  redirect(next);
}

/** Ends the session at auth (every service then refuses it) and drops the visitor's cookie. */
export async function signOut(): Promise<void> {
  if (!(await hasSessionCookie())) redirect("/");
  const result = await apiCall("POST", "/api/users/signout");
  if (result.ok) await relaySessionCookie(result.headers);
  // Auth unreachable: this browser must not stay signed in all the same.
  else (await cookies()).delete("session");
  redirect("/");
}
