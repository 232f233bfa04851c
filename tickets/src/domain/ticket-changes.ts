import { addToOutbox, outboxAfter, type PoolClient } from "@microtickets/common";
import type { Hold } from "./order-rules.js";
import type { Ticket, TicketDetails } from "./ticket.js";
import { ticketCreated, ticketUpdated } from "./ticket-events.js";
import { TICKET_COLUMNS } from "./tickets.js";

/**
 * Every change to a ticket, saved and announced in one place: the row and its event (in the
 * outbox) are written in the caller's transaction, so they commit together or not at all, and
 * every version a consumer sees is one that was saved. Each change is one version further:
 * consumers apply a ticket's updates in version order.
 */

export type NewTicket = TicketDetails & { userId: string };

/** A seller's new listing, announced as ticket.created (version 0). */
export async function createTicket(tx: PoolClient, listing: NewTicket): Promise<Ticket> {
  const { rows } = await tx.query<Ticket>(
    `INSERT INTO tickets (title, price_cents, user_id, category, venue, starts_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${TICKET_COLUMNS}`,
    [
      listing.title,
      listing.priceCents,
      listing.userId,
      listing.category,
      listing.venue,
      listing.startsAt,
    ],
  );
  const created = single(rows);
  await addToOutbox(tx, ticketCreated(created));
  return created;
}

/** The seller's edit of what they say about the ticket, announced as ticket.updated. */
export async function editTicket(tx: PoolClient, id: string, edit: TicketDetails): Promise<Ticket> {
  const { rows } = await tx.query<Ticket>(
    `UPDATE tickets
     SET title = $2, price_cents = $3, category = $4, venue = $5, starts_at = $6,
         version = version + 1
     WHERE id = $1 RETURNING ${TICKET_COLUMNS}`,
    [id, edit.title, edit.priceCents, edit.category, edit.venue, edit.startsAt],
  );
  const edited = single(rows);
  await addToOutbox(tx, ticketUpdated(edited));
  return edited;
}

/**
 * A new hold (reserved, sold, released) as an order's event decided, announced as ticket.updated.
 * `ticket` is the row as the caller locked it (`lockTicket`): the moved ticket is known
 * before the UPDATE, so the row and its event are one statement, one round trip.
 */
export async function moveTicket(tx: PoolClient, ticket: Ticket, hold: Hold): Promise<Ticket> {
  const moved: Ticket = { ...ticket, ...hold, version: ticket.version + 1 };
  const { rowCount } = await tx.query(
    outboxAfter(
      "move-ticket",
      `UPDATE tickets SET status = $2, order_id = $3, version = $4
       WHERE id = $1 AND version = $5 RETURNING 1`,
      [ticket.id, moved.status, moved.orderId, moved.version, ticket.version],
      [ticketUpdated(moved)],
    ),
  );
  // Only if the caller did not hold the row lock it promised.
  if (rowCount !== 1) throw new Error(`ticket ${ticket.id} changed under its lock`);
  return moved;
}

/**
 * Several tickets moved at once: each saved at its last version of the batch, every version
 * between announced in order (`updates`), all in one statement. `lockedVersion` is each ticket's
 * version when the caller locked it.
 */
export async function moveTickets(
  tx: PoolClient,
  moved: readonly { ticket: Ticket; lockedVersion: number }[],
  updates: readonly Ticket[],
): Promise<void> {
  if (moved.length === 0) return;
  const { rowCount } = await tx.query(
    outboxAfter(
      "move-tickets",
      `UPDATE tickets t SET status = m.status, order_id = m.order_id, version = m.version
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::int[])
         AS m(id, status, order_id, version, locked_version)
       WHERE t.id = m.id AND t.version = m.locked_version RETURNING 1`,
      [
        moved.map(({ ticket }) => ticket.id),
        moved.map(({ ticket }) => ticket.status),
        moved.map(({ ticket }) => ticket.orderId),
        moved.map(({ ticket }) => ticket.version),
        moved.map(({ lockedVersion }) => lockedVersion),
      ],
      updates.map(ticketUpdated),
      moved.length,
    ),
  );
  if (rowCount !== updates.length) throw new Error("tickets changed under their locks");
}

function single(rows: Ticket[]): Ticket {
  const [ticket] = rows;
  if (!ticket) throw new Error("expected the statement to return the ticket");
  return ticket;
}
