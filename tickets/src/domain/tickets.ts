import type { Queryable } from "@microtickets/common";
import type { Hold } from "./order-rules.js";
import type { Ticket, TicketDetails } from "./ticket.js";

export const TICKET_COLUMNS = `id, title, price_cents AS "priceCents", user_id AS "userId", status,
  order_id AS "orderId", version, category, venue, starts_at AS "startsAt"`;

/** Path ids are checked before they reach PostgreSQL, which would reject them with an error. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

export type NewTicket = TicketDetails & { userId: string };

export async function insertTicket(tx: Queryable, ticket: NewTicket): Promise<Ticket> {
  const { rows } = await tx.query<Ticket>(
    `INSERT INTO tickets (title, price_cents, user_id, category, venue, starts_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${TICKET_COLUMNS}`,
    [
      ticket.title,
      ticket.priceCents,
      ticket.userId,
      ticket.category,
      ticket.venue,
      ticket.startsAt,
    ],
  );
  return single(rows);
}

/** The ticket, or null for an unknown or malformed id. */
export async function findTicket(db: Queryable, id: string): Promise<Ticket | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<Ticket>(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = $1`, [
    id,
  ]);
  return rows[0] ?? null;
}

/**
 * The ticket, locked until the transaction ends: an edit and an order's reservation of one
 * ticket take turns instead of both deciding from what they read before the other wrote.
 */
export async function lockTicket(tx: Queryable, id: string): Promise<Ticket | null> {
  if (!isUuid(id)) return null;
  const { rows } = await tx.query<Ticket>(
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

/** Every change is one version further: consumers apply a ticket's updates in version order. */
export async function editTicket(tx: Queryable, id: string, edit: TicketDetails): Promise<Ticket> {
  const { rows } = await tx.query<Ticket>(
    `UPDATE tickets
     SET title = $2, price_cents = $3, category = $4, venue = $5, starts_at = $6,
         version = version + 1
     WHERE id = $1 RETURNING ${TICKET_COLUMNS}`,
    [id, edit.title, edit.priceCents, edit.category, edit.venue, edit.startsAt],
  );
  return single(rows);
}

export async function moveTicket(tx: Queryable, id: string, hold: Hold): Promise<Ticket> {
  const { rows } = await tx.query<Ticket>(
    `UPDATE tickets SET status = $2, order_id = $3, version = version + 1
     WHERE id = $1 RETURNING ${TICKET_COLUMNS}`,
    [id, hold.status, hold.orderId],
  );
  return single(rows);
}

function single(rows: Ticket[]): Ticket {
  const [ticket] = rows;
  if (!ticket) throw new Error("expected the statement to return the ticket");
  return ticket;
}
