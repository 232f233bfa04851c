import { type Handler, RetryLaterError, type TicketUpdated } from "@microtickets/common";
import { lockTicketVersion, updateTicket } from "../domain/ticket-replica.js";

/**
 * Applies a ticket's changes strictly in version order, so a late, older update can never
 * overwrite a newer one (JetStream redelivers out of order after a failure).
 */
export const applyTicketUpdate: Handler<typeof TicketUpdated> = async (data, { tx, logger }) => {
  const current = await lockTicketVersion(tx, data.id);
  if (current === null || data.version > current + 1) {
    // A gap: the creation or an earlier update is on its way; this one waits for it.
    throw new RetryLaterError(
      `ticket ${data.id} version ${data.version} waits for version ${(current ?? -1) + 1}`,
    );
  }
  if (data.version <= current) {
    logger.debug({ ticketId: data.id, version: data.version, current }, "stale ticket update");
    return;
  }
  await updateTicket(tx, data);
};
