import { centsToDollars } from "@microtickets/common";
import type { OrderDetails } from "./orders.js";

/** CONTRACT.md's Order: dollars and ISO 8601 times (with milliseconds) at the API edge. */
export function orderJson(order: OrderDetails) {
  return {
    id: order.id,
    status: order.status,
    userId: order.userId,
    expiresAt: order.expiresAt.toISOString(),
    version: order.version,
    ticket: {
      id: order.ticketId,
      title: order.ticketTitle,
      price: centsToDollars(order.priceCents),
    },
  };
}

export type OrderJson = ReturnType<typeof orderJson>;
