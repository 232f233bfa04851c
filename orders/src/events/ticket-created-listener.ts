import type { Handler, TicketCreated } from "@microtickets/common";
import { insertTicket } from "../domain/ticket-replica.js";

/** A new ticket becomes orderable here. */
export const recordNewTicket: Handler<typeof TicketCreated> = async (data, { tx, logger }) => {
  const inserted = await insertTicket(tx, data);
  // Two ticket.created for one ticket would be a bug upstream; the first one stands.
  if (!inserted) logger.warn({ ticketId: data.id }, "ticket already known, creation ignored");
};
