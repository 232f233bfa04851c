import type { Queryable } from "@microtickets/common";
import type { Order } from "./order.js";

/** An order with what its JSON shows of the ticket besides the price it was ordered at. */
export interface OrderDetails extends Order {
  ticketTitle: string;
}

const ORDER_COLUMNS = `o.id, o.user_id AS "userId", o.ticket_id AS "ticketId",
  o.price_cents AS "priceCents", o.status, o.expires_at AS "expiresAt", o.version,
  o.created_at AS "createdAt"`;

const DETAILS = `SELECT ${ORDER_COLUMNS}, t.title AS "ticketTitle"
  FROM orders o JOIN tickets t ON t.id = o.ticket_id`;

/**
 * The INSERT of a new order, which inserts nothing when the ticket already has an open or
 * complete order. The partial unique index decides, also between concurrent inserts: the later
 * one waits for the earlier to commit and then does nothing. (The predicate is spelled as in the
 * index so PostgreSQL infers it.)
 */
export function insertOrderStatement(order: Order): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO orders (id, user_id, ticket_id, price_cents, status, expires_at, version, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (ticket_id) WHERE status IN ('created', 'awaiting:payment', 'complete')
     DO NOTHING`,
    values: [
      order.id,
      order.userId,
      order.ticketId,
      order.priceCents,
      order.status,
      order.expiresAt,
      order.version,
      order.createdAt,
    ],
  };
}

export async function findOrderDetails(db: Queryable, id: string): Promise<OrderDetails | null> {
  const { rows } = await db.query<OrderDetails>(`${DETAILS} WHERE o.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listOrdersOf(db: Queryable, userId: string): Promise<OrderDetails[]> {
  const { rows } = await db.query<OrderDetails>(
    `${DETAILS} WHERE o.user_id = $1 ORDER BY o.created_at DESC, o.id DESC`,
    [userId],
  );
  return rows;
}

/**
 * The order, locked until the transaction ends, so a cancellation and a completion of one
 * order run one after the other and the second sees what the first did.
 */
export async function lockOrder(tx: Queryable, id: string): Promise<Order | null> {
  const { rows } = await tx.query<Order>(
    `SELECT ${ORDER_COLUMNS} FROM orders o WHERE o.id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * Up to `limit` open orders whose lock ran out by `now`, locked. Rows another replica's sweep
 * (or a payment) holds are skipped rather than waited for: that one is dealing with them. Left
 * out: orders held for a payment attempt (that attempt's end decides them), and orders whose
 * expiry payments was asked about and has not answered, until `holdSeconds` past `expiresAt`
 * (see `expireLockedOrder`).
 */
export async function lockExpiredOrders(
  tx: Queryable,
  timing: { now: Date; holdSeconds: number },
  limit: number,
): Promise<Order[]> {
  const { rows } = await tx.query<Order>(
    `SELECT ${ORDER_COLUMNS} FROM orders o
     WHERE o.status IN ('created', 'awaiting:payment') AND o.expires_at <= $1
       AND NOT EXISTS (
         SELECT 1 FROM payment_attempts a
         WHERE a.order_id = o.id AND a.status IN ('started', 'awaiting'))
       AND NOT EXISTS (
         SELECT 1 FROM order_expiries e
         WHERE e.order_id = o.id AND e.payments_closed_at IS NULL
           AND o.expires_at > $1 - make_interval(secs => $2))
     ORDER BY o.expires_at
     LIMIT $3
     FOR UPDATE SKIP LOCKED`,
    [timing.now, timing.holdSeconds, limit],
  );
  return rows;
}

export async function saveOrderState(tx: Queryable, order: Order): Promise<void> {
  await tx.query("UPDATE orders SET status = $2, version = $3 WHERE id = $1", [
    order.id,
    order.status,
    order.version,
  ]);
}
