/** How the storefront runs, and what it knows of the rest of the stack. */
export interface StorefrontSetup {
  /** Its server, in the build's snapshot (see storefront-build.ts). */
  serverScript: string;
  /** Where it calls `/api/*`: the gateway's internal listener, which keeps X-Forwarded-For. */
  api: string;
  /** The local Stripe emulator, when payments use it (its 3-D Secure test page drives it). */
  stripeEmulator?: string;
}

/**
 * Secrets and addresses that are the backend's alone: the storefront reaches everything through
 * the API, so it is given no database, bus, Redis, session key or Stripe secret.
 */
const BACKEND_ONLY = [
  "DATABASE_URL",
  "NATS_URL",
  "REDIS_URL",
  "JWT_PRIVATE_KEY",
  "JWT_PUBLIC_KEY",
  "SESSION_PUBLIC_KEYS",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "STRIPE_API_BASE",
];

/**
 * The storefront's environment: the launcher's own minus the backend's (STRIPE_PUBLISHABLE_KEY
 * and STOREFRONT_TIME_ZONE pass through), its port on the loopback only (the gateway is its
 * way in), the production mode it was built for, and where the API is.
 */
export function storefrontEnv(
  port: number,
  urls: Omit<StorefrontSetup, "serverScript">,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of BACKEND_ONLY) delete env[name];
  env.PORT = String(port);
  env.HOSTNAME = "127.0.0.1";
  env.NODE_ENV = "production";
  env.NEXT_TELEMETRY_DISABLED = "1";
  env.API_URL = urls.api;
  if (urls.stripeEmulator) env.STRIPE_API_BASE = urls.stripeEmulator;
  return env;
}
