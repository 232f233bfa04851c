import { DEPLOYABLES, type Deployable } from "../deployables.js";

export interface Route {
  pathPrefix: string;
  backend: Deployable;
}

/**
 * What the ingress and the gateway route, as `npm start`'s gateway does: each API under its
 * prefix, the storefront at `/`. (Both pick the longest matching prefix, whatever the order.)
 */
export function publicRoutes(): Route[] {
  return DEPLOYABLES.flatMap((entry) =>
    entry.route && !entry.devOnly ? [{ pathPrefix: entry.route, backend: entry }] : [],
  );
}

/**
 * The live updates (Server-Sent Events): a response that lasts as long as the browser's page.
 * tickets sends a comment every 15 s, under the proxies' idle timeouts (nginx's is 60 s).
 */
export const LIVE_UPDATES_PATH = "/api/tickets/updates";
