"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-renders the page from the server every `everyMs` for up to `forMs`: while a payment is in
 * flight or waits for 3-D Secure, "Paid" then appears by itself. Without JavaScript the page
 * says to reload.
 */
export function AutoRefresh({
  everyMs = 1_500,
  forMs = 150_000,
}: {
  everyMs?: number;
  forMs?: number;
}) {
  const router = useRouter();
  useEffect(() => {
    const stopAt = Date.now() + forMs;
    const timer = setInterval(() => {
      if (Date.now() > stopAt) {
        clearInterval(timer);
        return;
      }
      router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs, forMs]);
  return null;
}
