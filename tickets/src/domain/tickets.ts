import { isUuid, type Queryable } from "@microtickets/common";
import type { Ticket } from "./ticket.js";

export const TICKET_COLUMNS = `id, title, price_cents AS "priceCents", user_id AS "userId", status,
  order_id AS "orderId", version, category, venue, starts_at AS "startsAt"`;

// Path ids are checked before they reach PostgreSQL, which would reject them with an error.

/** The ticket, or null for an unknown or malformed id. */
export async function findTicket(db: Queryable, id: string): Promise<Ticket | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<Ticket>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = $1`, [
    id,
  ]);
  return rows[0] ?? null;
}

/** The tickets among `ids` that exist (ids checked by the caller). */
export async function findTickets(db: Queryable, ids: readonly string[]): Promise<Ticket[]> {
  const { rows } = await db.query<Ticket>(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return rows;
}

/**
 * The ticket, locked until the transaction ends: an edit and an order's reservation of one
 * ticket take turns instead of both deciding from what they read before the other wrote.
 */
export async function lockTicket(tx: Queryable, id: string): Promise<Ticket | null> {
  if (!isUuid(id)) return null;
  const { rows } = await tx.query<Ticket>({
    name: "lock-ticket",
    text: `SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = $1 FOR UPDATE`,
    values: [id],
  });
  return rows[0] ?? null;
}

/**
 * `lockTicket` for several tickets at once, locked in id order so that two batches locking
 * overlapping tickets wait for each other instead of deadlocking.
 */
export async function lockTickets(
  tx: Queryable,
  ids: readonly string[],
): Promise<Map<string, Ticket>> {
  const { rows } = await tx.query<Ticket>({
    name: "lock-tickets",
    text: `SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    values: [ids.filter(isUuid)],
  });
  return new Map(rows.map((ticket) => [ticket.id, ticket]));
}
