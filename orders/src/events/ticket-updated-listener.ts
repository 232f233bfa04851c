import {
  type BatchHandler,
  type Handler,
  RetryLaterError,
  type TicketUpdated,
} from "@microtickets/common";
import {
  lockTicketVersion,
  lockTicketVersions,
  type TicketReplica,
  updateTicket,
  updateTickets,
} from "../domain/ticket-replica.js";

/**
 * Applies a ticket's changes strictly in version order, so a late, older update can never
 * overwrite a newer one (JetStream redelivers out of order after a failure).
 */
export const applyTicketUpdate: Handler<typeof TicketUpdated> = async (data, { tx, logger }) => {
  const current = await lockTicketVersion(tx, data.id);
  if (current === null || data.version > current + 1) throw waitsFor(data, current);
  if (data.version <= current) {
    logger.debug({ ticketId: data.id, version: data.version, current }, "stale ticket update");
    return;
  }
  await updateTicket(tx, data);
};

/**
 * The same for what has arrived at once: every ticket locked in one statement, each update
 * checked against the version the ones before it left, each ticket written once, at its newest.
 */
export const applyTicketUpdates: BatchHandler<typeof TicketUpdated> = async (updates, tx) => {
  const versions = await lockTicketVersions(tx, [...new Set(updates.map(({ data }) => data.id))]);
  const newest = new Map<string, TicketReplica>();
  for (const { data, ctx } of updates) {
    const current = versions.get(data.id) ?? null;
    if (current === null || data.version > current + 1) throw waitsFor(data, current);
    if (data.version <= current) {
      ctx.logger.debug(
        { ticketId: data.id, version: data.version, current },
        "stale ticket update",
      );
      continue;
    }
    versions.set(data.id, data.version);
    newest.set(data.id, data);
  }
  await updateTickets(tx, [...newest.values()]);
};

/** A gap: the creation or an earlier update is on its way; this one waits for it. */
function waitsFor(update: { id: string; version: number }, current: number | null) {
  return new RetryLaterError(
    `ticket ${update.id} version ${update.version} waits for version ${(current ?? -1) + 1}`,
  );
}
