/** A path prefix and the upstreams that serve it, e.g. `/api/users` → the auth replicas. */
export interface GatewayRoute {
  prefix: string;
  targets: string[];
}

/**
 * Kubernetes `pathType: Prefix`: a prefix matches whole path elements (`/api/users` matches
 * `/api/users` and `/api/users/signin`, never `/api/usersx`) and a trailing slash on either side
 * is ignored. `/` matches every path.
 */
export function matchesPrefix(prefix: string, path: string): boolean {
  const base = prefix.replace(/\/+$/, "");
  return base === "" || path === base || path.startsWith(`${base}/`);
}

/** The longest matching prefix wins, as in ingress-nginx. */
export function longestMatch<R extends { prefix: string }>(
  routes: R[],
  path: string,
): R | undefined {
  let best: R | undefined;
  for (const route of routes) {
    if (!matchesPrefix(route.prefix, path)) continue;
    if (!best || route.prefix.length > best.prefix.length) best = route;
  }
  return best;
}

/**
 * The path nginx matches locations against: query dropped, repeated slashes merged, `.` and `..`
 * segments resolved. Merging first also keeps `//host/x` from being read as a host by URL.
 */
export function routingPath(url: string): string {
  const rawPath = url.split(/[?#]/, 1)[0] ?? "/";
  const merged = `/${rawPath}`.replace(/\/{2,}/g, "/");
  return new URL(merged, "http://gateway.invalid").pathname;
}
