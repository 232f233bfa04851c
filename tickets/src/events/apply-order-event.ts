import {
  type Logger,
  PoisonMessageError,
  type PoolClient,
  RetryLaterError,
} from "@microtickets/common";
import { knownOrderStatus, recordOrderStatus } from "../domain/order-replica.js";
import type { KnownOrderStatus, OrderRule } from "../domain/order-rules.js";
import { moveTicket } from "../domain/ticket-changes.js";
import { lockTicket } from "../domain/tickets.js";

export interface OrderEvent {
  orderId: string;
  ticketId: string;
  /** What the event says the order now is. */
  status: KnownOrderStatus;
  rule: OrderRule;
}

/**
 * The part every order listener shares: lock the ticket, decide with the rule from the ticket
 * and what we know of the order, record the order's status, and move the ticket (version + 1,
 * with its ticket.updated in the outbox), all in the consumer's transaction.
 */
export async function applyOrderEvent(
  tx: PoolClient,
  { orderId, ticketId, status, rule }: OrderEvent,
  logger: Logger,
): Promise<void> {
  // The row lock serialises the events of one ticket (and its edits) across consumers and replicas.
  const ticket = await lockTicket(tx, ticketId);
  // Orders only knows tickets this service announced, so an unknown one can never turn up.
  if (!ticket) throw new PoisonMessageError(`ticket ${ticketId} is unknown`);

  // Read after the lock, not with it: a statement that waited for the lock would still see the
  // order as it was before the holder committed (READ COMMITTED snapshots per statement).
  const transition = rule(ticket, orderId, await knownOrderStatus(tx, orderId));
  const log = logger.child({ ticketId, orderId });
  switch (transition.kind) {
    case "wait":
      throw new RetryLaterError(transition.reason);
    case "refuse":
      throw new PoisonMessageError(transition.reason);
    case "keep":
      await recordOrderStatus(tx, { orderId, ticketId, status });
      log.info({ reason: transition.reason }, "ticket unchanged");
      return;
    case "move": {
      await recordOrderStatus(tx, { orderId, ticketId, status });
      const moved = await moveTicket(tx, ticket, transition.to);
      log.info({ status: moved.status, version: moved.version }, "ticket moved");
      return;
    }
  }
}
