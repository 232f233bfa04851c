import {
  addToOutbox,
  type Logger,
  PoisonMessageError,
  type PoolClient,
  RetryLaterError,
} from "@microtickets/common";
import type { OrderRule, OrderStatus } from "../domain/order-rules.js";
import { ticketUpdated } from "../domain/ticket-events.js";
import { knownOrderStatus, recordOrder } from "../domain/ticket-orders.js";
import { lockTicket, moveTicket } from "../domain/tickets.js";

export interface OrderEvent {
  orderId: string;
  ticketId: string;
  /** What the event says the order now is. */
  status: OrderStatus;
  rule: OrderRule;
}

/**
 * The part every order listener shares: lock the ticket, decide with the rule from the ticket
 * and what we know of the order, record the order, and move the ticket (version + 1, with its
 * ticket.updated in the outbox), all in the consumer's transaction.
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

  const effect = rule(ticket, orderId, await knownOrderStatus(tx, orderId));
  const log = logger.child({ ticketId, orderId });
  switch (effect.kind) {
    case "wait":
      throw new RetryLaterError(effect.reason);
    case "reject":
      throw new PoisonMessageError(effect.reason);
    case "keep":
      await recordOrder(tx, { orderId, ticketId, status });
      log.info({ reason: effect.reason }, "ticket unchanged");
      return;
    case "move": {
      await recordOrder(tx, { orderId, ticketId, status });
      const moved = await moveTicket(tx, ticket.id, effect.to);
      await addToOutbox(tx, ticketUpdated(moved));
      log.info({ status: moved.status, version: moved.version }, "ticket moved");
      return;
    }
  }
}
