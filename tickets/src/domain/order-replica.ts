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

/** `knownOrderStatus` of several orders; an order nothing is known of is absent. */
export async function knownOrderStatuses(
  tx: Queryable,
  orderIds: readonly string[],
): Promise<Map<string, KnownOrderStatus>> {
  const { rows } = await tx.query<{ order_id: string; status: KnownOrderStatus }>({
    name: "known-order-statuses",
    text: "SELECT order_id, status FROM ticket_orders WHERE order_id = ANY($1::uuid[])",
    values: [orderIds],
  });
  return new Map(rows.map((row) => [row.order_id, row.status]));
}

/** `recordOrderStatus` of several orders (each once) in one statement, with the same rule. */
export async function recordOrderStatuses(
  tx: Queryable,
  orders: readonly { orderId: string; ticketId: string; status: KnownOrderStatus }[],
): Promise<void> {
  if (orders.length === 0) return;
  await tx.query({
    name: "record-order-statuses",
    text: `INSERT INTO ticket_orders (order_id, ticket_id, status)
      SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])
      ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status
        WHERE ticket_orders.status = 'created'`,
    values: [
      orders.map((order) => order.orderId),
      orders.map((order) => order.ticketId),
      orders.map((order) => order.status),
    ],
  });
}
