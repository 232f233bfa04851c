import { DEFAULT_TIME_ZONE, isTimeZone } from "./event-time";

/** The storefront's environment, checked once at start (see instrumentation.ts). */
export interface StorefrontConfig {
  /** Where `/api/*` answers: the gateway under `npm start`, the ingress or services in a cluster. */
  apiUrl: string;
  timeZone: string;
  /** Set: Stripe Elements collects the card. Unset: the "Test card" choice and the emulator. */
  stripePublishableKey: string | undefined;
  /** Set when payments go to the local Stripe emulator: its 3-D Secure control lives there. */
  stripeApiBase: string | undefined;
}

export class ConfigError extends Error {}

export function readConfig(env: Readonly<Record<string, string | undefined>>): StorefrontConfig {
  const apiUrl = env.API_URL?.trim();
  if (!apiUrl || !isHttpUrl(apiUrl)) {
    throw new ConfigError(
      "API_URL must be the http(s) URL the API answers at, e.g. http://127.0.0.1:3000",
    );
  }
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
  return { apiUrl: apiUrl.replace(/\/+$/, ""), timeZone, stripePublishableKey, stripeApiBase };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
