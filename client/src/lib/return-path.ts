/**
 * Where sign-in sends a visitor back to: only a path on this site. `//evil.example` and
 * `/\evil.example` are protocol-relative URLs to another host in browsers, so a path must
 * start with exactly one `/` and hold no backslash or control character.
 */
export function safeReturnPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2000) return "/";
  if (!raw.startsWith("/") || raw.startsWith("//")) return "/";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return "/";
  try {
    // Whatever the browser would make of it must stay on this origin.
    const resolved = new URL(raw, "http://storefront.invalid");
    if (resolved.origin !== "http://storefront.invalid") return "/";
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return "/";
  }
}

/** `/signin?next=<path>`: the sign-in page that comes back to `path`. */
export function signInPath(returnTo: string): string {
  const path = safeReturnPath(returnTo);
  return path === "/" ? "/signin" : `/signin?next=${encodeURIComponent(path)}`;
}
