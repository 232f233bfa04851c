import "server-only";
import type { Order } from "../lib/catalog";
import { apiCall } from "./api";

const POLL_EVERY_MS = 150;

/**
 * Reads the order until `settled` holds or `withinMs` passes; the last order seen (or null).
 * After a 201 from payments the order becomes complete within a second (an event away): a
 * short wait lets the page the buyer lands on, even without JavaScript, already say "Paid".
 */
export async function waitForOrder(
  orderId: string,
  settled: (order: Order) => boolean,
  withinMs: number,
): Promise<Order | null> {
  const deadline = Date.now() + withinMs;
  let last: Order | null = null;
  for (;;) {
    const result = await apiCall<Order>("GET", `/api/orders/${orderId}`);
    if (result.ok) {
      last = result.data;
      if (settled(last)) return last;
    }
    const left = deadline - Date.now();
    if (left <= 0) return last;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_EVERY_MS, left)));
  }
}
