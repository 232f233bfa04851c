import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { User } from "../lib/catalog";
import { signInPath } from "../lib/return-path";
import { parseSetCookie } from "../lib/set-cookie";
import { apiCall, hasSessionCookie } from "./api";

export type CurrentUser = { known: true; user: User | null } | { known: false };

/**
 * Who is visiting, asked of auth once per request (the header and the page share it). A visitor
 * without a session cookie is signed out without asking. `known: false` when auth cannot say:
 * the header then degrades, and pages that need the answer show the unavailable page.
 */
export const currentUser = cache(async (): Promise<CurrentUser> => {
  if (!(await hasSessionCookie())) return { known: true, user: null };
  const result = await apiCall<{ currentUser: User | null }>("GET", "/api/users/currentuser");
  if (!result.ok) return { known: false };
  return { known: true, user: result.data.currentUser ?? null };
});

/**
 * The signed-in visitor, or a redirect to sign in that comes back to `returnTo`; undefined when
 * auth cannot say (the page then shows that the service is unavailable).
 */
export async function requireUser(returnTo: string): Promise<User | undefined> {
  const visitor = await currentUser();
  if (!visitor.known) return undefined;
  if (visitor.user === null) redirect(signInPath(returnTo));
  return visitor.user;
}

/**
 * Hands the visitor the session cookie auth set (sign-in, sign-up) or cleared (sign-out), with
 * the attributes auth chose: httpOnly, SameSite, path, lifetime, Secure. Only `session`: the
 * API has no business setting other cookies on the storefront's origin.
 */
export async function relaySessionCookie(apiHeaders: Headers): Promise<void> {
  const store = await cookies();
  for (const header of apiHeaders.getSetCookie()) {
    const cookie = parseSetCookie(header);
    if (cookie?.name !== "session") continue;
    store.set({
      name: cookie.name,
      value: cookie.value,
      httpOnly: cookie.httpOnly,
      secure: cookie.secure,
      path: cookie.path,
      ...(cookie.sameSite ? { sameSite: cookie.sameSite } : {}),
      ...(cookie.maxAge !== undefined ? { maxAge: cookie.maxAge } : {}),
      ...(cookie.expires ? { expires: cookie.expires } : {}),
    });
  }
}
