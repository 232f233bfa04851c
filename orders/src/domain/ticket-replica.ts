import type { Queryable } from "@microtickets/common";

/**
 * A ticket as orders knows it, built only from the tickets service's events, so an order can be
 * placed without asking tickets. No status: whether a ticket can be ordered is decided by
 * orders' own open orders (the partial unique index), never by this copy, which lags.
 */
export interface TicketReplica {
  id: string;
  title: string;
  priceCents: number;
  userId: string;
  version: number;
}

const COLUMNS = `id, title, price_cents AS "priceCents", user_id AS "userId", version`;

export async function findTicket(db: Queryable, id: string): Promise<TicketReplica | null> {
  const { rows } = await db.query<TicketReplica>({
    name: "find-ticket",
    text: `SELECT ${COLUMNS} FROM tickets WHERE id = $1`,
    values: [id],
  });
  return rows[0] ?? null;
}

/** False when the ticket was already known (a second ticket.created for it). */
export async function insertTicket(db: Queryable, ticket: TicketReplica): Promise<boolean> {
  const { rowCount } = await db.query({
    name: "insert-ticket",
    text: `INSERT INTO tickets (id, title, price_cents, user_id, version) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (id) DO NOTHING`,
    values: [ticket.id, ticket.title, ticket.priceCents, ticket.userId, ticket.version],
  });
  return rowCount === 1;
}

/**
 * The replica's version of a ticket, its row locked until the transaction ends: deciding on it
 * and updating must see the same row, even when the ticket's creation commits in between.
 */
export async function lockTicketVersion(db: Queryable, id: string): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>({
    name: "lock-ticket-version",
    text: "SELECT version FROM tickets WHERE id = $1 FOR UPDATE",
    values: [id],
  });
  return rows[0]?.version ?? null;
}

export async function updateTicket(db: Queryable, ticket: TicketReplica): Promise<void> {
  await db.query({
    name: "update-ticket",
    text: "UPDATE tickets SET title = $2, price_cents = $3, user_id = $4, version = $5 WHERE id = $1",
    values: [ticket.id, ticket.title, ticket.priceCents, ticket.userId, ticket.version],
  });
}

/** `lockTicketVersion` of several tickets, locked in id order (batches never deadlock). */
export async function lockTicketVersions(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; version: number }>({
    name: "lock-ticket-versions",
    text: "SELECT id, version FROM tickets WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE",
    values: [ids],
  });
  return new Map(rows.map((row) => [row.id, row.version]));
}

/** `updateTicket` of several tickets (each once) in one statement. */
export async function updateTickets(
  db: Queryable,
  tickets: readonly TicketReplica[],
): Promise<void> {
  if (tickets.length === 0) return;
  await db.query({
    name: "update-tickets",
    text: `UPDATE tickets t SET title = u.title, price_cents = u.price_cents, user_id = u.user_id,
        version = u.version
      FROM unnest($1::uuid[], $2::text[], $3::int[], $4::uuid[], $5::int[])
        AS u(id, title, price_cents, user_id, version)
      WHERE t.id = u.id`,
    values: [
      tickets.map((ticket) => ticket.id),
      tickets.map((ticket) => ticket.title),
      tickets.map((ticket) => ticket.priceCents),
      tickets.map((ticket) => ticket.userId),
      tickets.map((ticket) => ticket.version),
    ],
  });
}
