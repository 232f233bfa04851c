import type { Queryable } from "@microtickets/common";
import type { KnownOrderStatus } from "./order-rules.js";

// What tickets has heard of each order, from orders' events: a replica the rules decide on.

export async function knownOrderStatus(
  tx: Queryable,
  orderId: string,
): Promise<KnownOrderStatus | undefined> {
  const { rows } = await tx.query<{ status: KnownOrderStatus }>({
    name: "known-order-status",
    text: "SELECT status FROM ticket_orders WHERE order_id = $1",
    values: [orderId],
  });
  return rows[0]?.status;
}

/**
 * Remembers what we heard of an order. Cancelled and complete are final: a late "created"
 * never overwrites them (the rules refuse a final status changing into the other).
 */
export async function recordOrderStatus(
  tx: Queryable,
  order: { orderId: string; ticketId: string; status: KnownOrderStatus },
): Promise<void> {
  await tx.query({
    name: "record-order-status",
    text: `INSERT INTO ticket_orders (order_id, ticket_id, status) VALUES ($1, $2, $3)
      ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status
        WHERE ticket_orders.status = 'created'`,
    values: [order.orderId, order.ticketId, order.status],
  });
}
