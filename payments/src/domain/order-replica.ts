import type { Queryable } from "@microtickets/common";

/**
 * Where an order stands as far as payments knows: only order.created, order.cancelled and
 * order.completed reach it (orders' `awaiting:payment` is about payments' own attempts).
 */
export type ReplicatedOrderStatus = "created" | "cancelled" | "complete";

/** What payments knows of an order, replicated from orders' events. */
export interface OrderReplica {
  id: string;
  userId: string;
  /** Null until order.created has arrived (its cancellation can come first). */
  amountCents: number | null;
  status: ReplicatedOrderStatus;
  expiresAt: Date | null;
  version: number;
  /** When orders said the lock ran out (order.lock-expired): no attempt is accepted after it. */
  closedAt: Date | null;
}

const columns = `id, user_id AS "userId", amount_cents AS "amountCents", status,
  expires_at AS "expiresAt", version, closed_at AS "closedAt"`;

/** Reads the order's replica and locks it: every change to its payments happens under this lock. */
export async function lockOrderReplica(
  tx: Queryable,
  id: string,
): Promise<OrderReplica | undefined> {
  const { rows } = await tx.query<OrderReplica>(
    `SELECT ${columns} FROM orders WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0];
}

/**
 * Orders said the order's lock ran out: from now on no attempt is accepted for it. The row stays
 * locked until the transaction ends; before its order.created it holds what the event says.
 */
export async function closeOrderReplica(
  tx: Queryable,
  order: { id: string; userId: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO orders (id, user_id, status, version, closed_at)
     VALUES ($1, $2, 'created', 0, now())
     ON CONFLICT (id) DO UPDATE SET closed_at = COALESCE(orders.closed_at, now())`,
    [order.id, order.userId],
  );
}

/** Replicates a new order. A no-op when its cancellation or completion is already replicated. */
export async function replicateCreatedOrder(
  tx: Queryable,
  order: { id: string; userId: string; amountCents: number; expiresAt: string; version: number },
): Promise<void> {
  await tx.query({
    name: "replicate-created-order",
    text: `INSERT INTO orders (id, user_id, amount_cents, status, expires_at, version)
      VALUES ($1, $2, $3, 'created', $4, $5)
      ON CONFLICT (id) DO UPDATE
        SET amount_cents = EXCLUDED.amount_cents, expires_at = EXCLUDED.expires_at`,
    values: [order.id, order.userId, order.amountCents, order.expiresAt, order.version],
  });
}

/** `replicateCreatedOrder` for several orders (each once) in one statement. */
export async function replicateCreatedOrders(
  tx: Queryable,
  orders: readonly {
    id: string;
    userId: string;
    amountCents: number;
    expiresAt: string;
    version: number;
  }[],
): Promise<void> {
  await tx.query({
    name: "replicate-created-orders",
    text: `INSERT INTO orders (id, user_id, amount_cents, status, expires_at, version)
      SELECT id, user_id, amount_cents, 'created', expires_at, version
      FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[], $5::int[])
        AS o(id, user_id, amount_cents, expires_at, version)
      ON CONFLICT (id) DO UPDATE
        SET amount_cents = EXCLUDED.amount_cents, expires_at = EXCLUDED.expires_at`,
    values: [
      orders.map((order) => order.id),
      orders.map((order) => order.userId),
      orders.map((order) => order.amountCents),
      orders.map((order) => order.expiresAt),
      orders.map((order) => order.version),
    ],
  });
}

/**
 * Replicates an order's cancellation or completion: final either way, so the newest version
 * wins and an order.created that arrives afterwards only fills in the amount (above).
 */
export async function replicateSettledOrder(
  tx: Queryable,
  order: {
    id: string;
    userId: string;
    version: number;
    status: Exclude<ReplicatedOrderStatus, "created">;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO orders (id, user_id, status, version) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version
       WHERE orders.version < EXCLUDED.version`,
    [order.id, order.userId, order.status, order.version],
  );
}
