"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import {
  announcementBetween,
  clockSkew,
  formatRemaining,
  msUntilNextTick,
  remainingMs,
  serverNow as serverNowFrom,
} from "../lib/countdown";

// Past zero the page asks the server every second whether the order has closed (expiry lands
// within a second; a payment made in time may hold it up to two minutes), then less often.
const REFRESH_FAST_MS = 1_000;
const REFRESH_SLOW_MS = 5_000;
const FAST_REFRESHES = 30;

/**
 * The time left to pay, by the server's clock. The first render uses the server's `now`, so it
 * prints what the server's HTML printed; after hydration the browser counts with the offset it
 * measured once. At zero the page refreshes until the server's state says the order expired.
 */
export function Countdown({ expiresAt, serverNow }: { expiresAt: string; serverNow: number }) {
  const expiresAtMs = Date.parse(expiresAt);
  const [now, setNow] = useState(serverNow);
  const [announcement, setAnnouncement] = useState("");
  const router = useRouter();
  // Measured once, at the first effect: later server renders (refreshes) do not move the clock.
  const skew = useRef<number | null>(null);
  if (skew.current === null && typeof window !== "undefined") {
    skew.current = clockSkew(serverNow, Date.now());
  }

  useEffect(() => {
    const offset = skew.current ?? 0;
    let previous = remainingMs(expiresAtMs, serverNowFrom(Date.now(), offset));
    let refreshes = 0;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const current = serverNowFrom(Date.now(), offset);
      const left = remainingMs(expiresAtMs, current);
      setNow(current);
      const spoken = announcementBetween(previous, left);
      if (spoken) setAnnouncement(spoken);
      previous = left;
      if (left > 0) {
        timer = setTimeout(tick, msUntilNextTick(left));
        return;
      }
      router.refresh();
      refreshes += 1;
      timer = setTimeout(tick, refreshes < FAST_REFRESHES ? REFRESH_FAST_MS : REFRESH_SLOW_MS);
    };
    timer = setTimeout(tick, msUntilNextTick(previous));
    return () => clearTimeout(timer);
  }, [expiresAtMs, router]);

  const left = remainingMs(expiresAtMs, now);
  return (
    <div className="countdown" data-expired={left === 0 ? true : undefined}>
      <span className="countdown-label" id="countdown-label">
        Time left to pay
      </span>
      <span
        role="timer"
        aria-live="off"
        aria-labelledby="countdown-label"
        className="countdown-time"
      >
        {formatRemaining(left)}
      </span>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </div>
  );
}
