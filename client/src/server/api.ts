import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { type ApiErrorItem, errorItemsFrom, UNAVAILABLE_MESSAGE } from "../lib/api-errors";
import { apiUrlFor } from "../lib/config";
import { signInPath } from "../lib/return-path";
import { visitorAddress } from "../lib/visitor-address";
import { storefrontConfig } from "./config";

/**
 * The one way the storefront reaches the API. It forwards only the visitor's `session` cookie
 * and address (nothing else of the visitor's request: no other cookies, no headers), never
 * caches (every answer is one visitor's), and gives up after a timeout so a stalled backend
 * shows the "unavailable" page instead of a page that never loads.
 */

const TIMEOUT_MS = 10_000;
const SESSION_COOKIE = "session";

/** A 4xx answer a page did not expect (a read that cannot go wrong for a reason the visitor caused). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly items: ApiErrorItem[],
  ) {
    super(`The API answered ${status}: ${items.map((item) => item.message).join("; ")}`);
  }
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T; headers: Headers }
  | {
      ok: false;
      status: number;
      items: ApiErrorItem[];
      headers: Headers;
      /** True when nothing usable came back: the network failed, it timed out or it was a 5xx. */
      unavailable: boolean;
    };

export interface ApiCallOptions {
  body?: unknown;
  idempotencyKey?: string;
  /**
   * The storefront path to come back to after signing in: a 401 redirects to `/signin?next=…`.
   * Without it a 401 is returned like any other error.
   */
  returnTo?: string;
}

// The API's 409 for a key whose first request is still running (a double click, a resent form).
const STILL_RUNNING = /Idempotency-Key is still running/i;
const STILL_RUNNING_WAIT_MS = 10_000;
const STILL_RUNNING_POLL_MS = 200;

/**
 * One API request. Never throws for what the API answers, nor for the network (that is an
 * `unavailable` result); only a 401 with `returnTo` throws, the redirect to sign in.
 *
 * With an Idempotency-Key, a 409 saying the key's first request is still running is asked again
 * until that request has answered, whose answer then comes back as the replay: without
 * JavaScript a double click shows the browser the second submission's page, which must be
 * the purchase's, not "still running".
 */
export async function apiCall<T>(
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  options: ApiCallOptions = {},
): Promise<ApiResult<T>> {
  const deadline = Date.now() + STILL_RUNNING_WAIT_MS;
  for (;;) {
    const result = await apiCallOnce<T>(method, path, options);
    const stillRunning =
      options.idempotencyKey !== undefined &&
      !result.ok &&
      result.status === 409 &&
      result.items.some((item) => STILL_RUNNING.test(item.message));
    if (!stillRunning || Date.now() >= deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, STILL_RUNNING_POLL_MS));
  }
}

async function apiCallOnce<T>(
  method: string,
  path: string,
  options: ApiCallOptions,
): Promise<ApiResult<T>> {
  const request = await apiRequestInit(method, options);
  let status: number;
  let responseHeaders: Headers;
  let body: unknown;
  try {
    const response = await fetch(apiUrlFor(storefrontConfig(), path), request);
    status = response.status;
    responseHeaders = response.headers;
    body = await readBody(response);
  } catch (error) {
    console.error(
      JSON.stringify({ msg: "API request failed", method, path, err: describe(error) }),
    );
    return unavailable(new Headers());
  }
  // Outside the try: redirect() works by throwing.
  if (status === 401 && options.returnTo !== undefined) redirect(signInPath(options.returnTo));
  if (status >= 500) {
    console.error(JSON.stringify({ msg: "API answered a server error", method, path, status }));
    return unavailable(responseHeaders);
  }
  if (status >= 200 && status < 300) {
    return { ok: true, status, data: body as T, headers: responseHeaders };
  }
  return {
    ok: false,
    status,
    items: errorItemsFrom(body, status),
    headers: responseHeaders,
    unavailable: false,
  };
}

/**
 * A read for a page: the data, or the page's answer for a failure. 404 shows the not-found
 * page, 401 (with `returnTo`) goes to sign in; undefined when the backend is unavailable, for
 * the page to render <ServiceUnavailable /> (rendered, not thrown: an error thrown while the
 * server renders the page leaves an empty document until JavaScript draws error.tsx, and a
 * visitor without JavaScript would see nothing).
 */
export async function apiGet<T>(
  path: string,
  options: Pick<ApiCallOptions, "returnTo"> = {},
): Promise<{ data: T; headers: Headers } | undefined> {
  const result = await apiCall<T>("GET", path, options);
  if (result.ok) return { data: result.data, headers: result.headers };
  if (result.status === 404) notFound();
  if (result.unavailable) return undefined;
  throw new ApiError(result.status, result.items);
}

/** Whether the visitor's request carries a session cookie at all (not whether it is valid). */
export async function hasSessionCookie(): Promise<boolean> {
  return (await sessionCookieValue()) !== undefined;
}

async function apiRequestInit(
  method: string,
  { body, idempotencyKey }: ApiCallOptions,
): Promise<RequestInit> {
  const outgoing = new Headers({ accept: "application/json" });
  const session = await sessionCookieValue();
  if (session !== undefined) outgoing.set("cookie", `${SESSION_COOKIE}=${session}`);
  const incoming = await headers();
  const visitor = visitorAddress(incoming.get("x-real-ip"), incoming.get("x-forwarded-for"));
  if (visitor !== null) outgoing.set("x-forwarded-for", visitor);
  if (idempotencyKey !== undefined) outgoing.set("idempotency-key", idempotencyKey);
  if (body !== undefined) outgoing.set("content-type", "application/json");
  return {
    method,
    headers: outgoing,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
    redirect: "manual",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  };
}

async function sessionCookieValue(): Promise<string | undefined> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  // A JWT is base64url and dots; anything else is not ours to forward.
  return value && /^[\w.~+/=-]{1,4096}$/.test(value) ? value : undefined;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  if (!(response.headers.get("content-type") ?? "").includes("json")) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function unavailable<T>(responseHeaders: Headers): ApiResult<T> {
  return {
    ok: false,
    status: 503,
    items: [{ message: UNAVAILABLE_MESSAGE }],
    headers: responseHeaders,
    unavailable: true,
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.name}: ${error.message}${cause}`;
}
