/**
 * The order page's countdown, as arithmetic. The server renders the first `mm:ss` from its own
 * clock and passes its `now`; the browser measures its offset from that once (the skew) and
 * counts with it, so a wrong browser clock does not change the time left, and the first render
 * in the browser (at the server's `now`) prints exactly the server's HTML.
 */

/** Milliseconds left until `expiresAt`, never below zero. */
export function remainingMs(expiresAtMs: number, nowMs: number): number {
  return Math.max(0, expiresAtMs - nowMs);
}

/**
 * `mm:ss`, rounding up: 14:59.2 left shows 15:00, and 00:00 appears only once time is up.
 * Minutes grow past 59 rather than wrapping (a long lock reads 120:00).
 */
export function formatRemaining(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}

/** How far the server's clock is ahead of this one (negative when behind). */
export function clockSkew(serverNowMs: number, clientNowMs: number): number {
  return serverNowMs - clientNowMs;
}

/** Now by the server's clock, read from this one. */
export function serverNow(clientNowMs: number, skewMs: number): number {
  return clientNowMs + skewMs;
}

// Announced when the time left crosses these (seconds): a screen reader hears a handful of
// updates over the whole lock, not one a second.
const ANNOUNCE_AT_SECONDS = [600, 300, 120, 60, 30, 0] as const;

/**
 * What the polite live region should say as the time left goes from `previousMs` to `nextMs`,
 * or null when nothing worth interrupting for happened.
 */
export function announcementBetween(previousMs: number, nextMs: number): string | null {
  const before = Math.ceil(Math.max(0, previousMs) / 1000);
  const after = Math.ceil(Math.max(0, nextMs) / 1000);
  let crossed: number | undefined;
  for (const threshold of ANNOUNCE_AT_SECONDS) {
    if (before > threshold && after <= threshold) crossed = threshold;
  }
  if (crossed === undefined) return null;
  return spokenTimeLeft(crossed);
}

/** "5 minutes left to pay", "30 seconds left to pay", "Time is up". */
export function spokenTimeLeft(seconds: number): string {
  if (seconds <= 0) return "Time is up";
  if (seconds < 60) return `${seconds} ${seconds === 1 ? "second" : "seconds"} left to pay`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"} left to pay`;
}

/** How long to wait for the next whole second of the display to change. */
export function msUntilNextTick(ms: number): number {
  if (ms <= 0) return 1000;
  const intoSecond = ms % 1000;
  return intoSecond === 0 ? 1000 : intoSecond;
}
