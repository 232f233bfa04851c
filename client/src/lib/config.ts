import { DEFAULT_TIME_ZONE, isTimeZone } from "./event-time";

/**
 * The variable naming each API's address, by the path prefix it serves. `npm start` sets only
 * API_URL (its gateway serves every prefix); a cluster points each at its service, so the
 * storefront's calls go straight to the pod that answers them and keep the visitor's address.
 */
const API_VARIABLES = {
  "/api/users": "AUTH_API_URL",
  "/api/tickets": "TICKETS_API_URL",
  "/api/orders": "ORDERS_API_URL",
  "/api/payments": "PAYMENTS_API_URL",
} as const;

export type ApiPrefix = keyof typeof API_VARIABLES;

/** The storefront's environment, checked once at start (see instrumentation.ts). */
export interface StorefrontConfig {
  /** Where each API answers, without a trailing slash. */
  apiUrls: Record<ApiPrefix, string>;
  timeZone: string;
  /** Set: Stripe Elements collects the card. Unset: the "Test card" choice and the emulator. */
  stripePublishableKey: string | undefined;
  /** Set when payments go to the local Stripe emulator: its 3-D Secure control lives there. */
  stripeApiBase: string | undefined;
}

export class ConfigError extends Error {}

export function readConfig(env: Readonly<Record<string, string | undefined>>): StorefrontConfig {
  const apiUrls = readApiUrls(env);
  const timeZone = env.STOREFRONT_TIME_ZONE?.trim() || DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) {
    throw new ConfigError(
      `STOREFRONT_TIME_ZONE must be an IANA time zone such as UTC or Europe/Paris, not "${timeZone}"`,
    );
  }
  const stripePublishableKey = env.STRIPE_PUBLISHABLE_KEY?.trim() || undefined;
  if (stripePublishableKey !== undefined && !/^pk_(test|live)_\w+$/.test(stripePublishableKey)) {
    throw new ConfigError(
      "STRIPE_PUBLISHABLE_KEY must be a Stripe publishable key (pk_test_… or pk_live_…)",
    );
  }
  const stripeApiBase = env.STRIPE_API_BASE?.trim() || undefined;
  if (stripeApiBase !== undefined && !isHttpUrl(stripeApiBase)) {
    throw new ConfigError("STRIPE_API_BASE must be an http(s) URL");
  }
  return { apiUrls, timeZone, stripePublishableKey, stripeApiBase };
}

/** The URL of an API path (`/api/tickets?limit=5`) at the address of the API that serves it. */
export function apiUrlFor(config: Pick<StorefrontConfig, "apiUrls">, path: string): string {
  const prefix = (Object.keys(API_VARIABLES) as ApiPrefix[]).find(
    (candidate) =>
      path === candidate || path.startsWith(`${candidate}/`) || path.startsWith(`${candidate}?`),
  );
  if (prefix === undefined) throw new Error(`No API serves ${path}`);
  return `${config.apiUrls[prefix]}${path}`;
}

function readApiUrls(env: Readonly<Record<string, string | undefined>>): Record<ApiPrefix, string> {
  const fallback = env.API_URL?.trim() || undefined;
  if (fallback !== undefined && !isHttpUrl(fallback)) {
    throw new ConfigError(
      "API_URL must be the http(s) URL the API answers at, e.g. http://127.0.0.1:3000",
    );
  }
  const entries = Object.entries(API_VARIABLES).map(([prefix, variable]) => {
    const url = env[variable]?.trim() || fallback;
    if (url === undefined) {
      throw new ConfigError(
        `API_URL (or ${variable}) must be the http(s) URL the API answers at, e.g. http://127.0.0.1:3000`,
      );
    }
    if (!isHttpUrl(url)) throw new ConfigError(`${variable} must be an http(s) URL`);
    return [prefix, url.replace(/\/+$/, "")];
  });
  return Object.fromEntries(entries) as Record<ApiPrefix, string>;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
