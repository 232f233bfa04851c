/**
 * The visitor's IP, to forward as `X-Forwarded-For` so auth's per-IP sign-in limit counts each
 * visitor, not the storefront. `X-Real-IP` is set by the public gateway and by ingress-nginx;
 * failing that, the last `X-Forwarded-For` entry is the one our own proxy appended (earlier
 * entries are whatever the client claimed).
 */
export function visitorAddress(
  realIp: string | null | undefined,
  forwardedFor: string | null | undefined,
): string | null {
  const real = realIp?.trim();
  if (real) return isAddress(real) ? real : null;
  const last = forwardedFor?.split(",").at(-1)?.trim();
  return last && isAddress(last) ? last : null;
}

// An IPv4 or IPv6 address (possibly with a zone or an IPv4 tail): nothing that could smuggle a
// header or a second address.
function isAddress(value: string): boolean {
  return value.length <= 64 && /^[0-9A-Fa-f:.%]+$/.test(value) && /[0-9A-Fa-f]/.test(value);
}
