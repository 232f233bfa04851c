import {
  type Logger,
  PoisonMessageError,
  type PoolClient,
  RetryLaterError,
} from "@microtickets/common";
import {
  knownOrderStatus,
  knownOrderStatuses,
  recordOrderStatus,
  recordOrderStatuses,
} from "../domain/order-replica.js";
import type { KnownOrderStatus, OrderRule } from "../domain/order-rules.js";
import type { Ticket } from "../domain/ticket.js";
import { moveTicket, moveTickets } from "../domain/ticket-changes.js";
import { lockTicket, lockTickets } from "../domain/tickets.js";

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

/**
 * `applyOrderEvent` for what has arrived at once, in four statements whatever the count: lock
 * every ticket, read what is known of every order (after the locks, as above), decide each event
 * in turn on the state the ones before it left, then record the orders' statuses and move the
 * tickets. An event that must wait or be refused throws, and the consumer then applies the
 * batch one event at a time, so that one is decided alone.
 */
export async function applyOrderEvents(
  tx: PoolClient,
  events: readonly (OrderEvent & { logger: Logger })[],
): Promise<void> {
  const tickets = await lockTickets(tx, [...new Set(events.map((event) => event.ticketId))]);
  const known = await knownOrderStatuses(tx, [...new Set(events.map((event) => event.orderId))]);
  const statuses = new Map<
    string,
    { orderId: string; ticketId: string; status: KnownOrderStatus }
  >();
  const lockedVersions = new Map(
    [...tickets.values()].map((ticket) => [ticket.id, ticket.version]),
  );
  const updates: Ticket[] = [];

  for (const { orderId, ticketId, status, rule, logger } of events) {
    const ticket = tickets.get(ticketId);
    if (!ticket) throw new PoisonMessageError(`ticket ${ticketId} is unknown`);
    const transition = rule(ticket, orderId, known.get(orderId));
    const log = logger.child({ ticketId, orderId });
    if (transition.kind === "wait") throw new RetryLaterError(transition.reason);
    if (transition.kind === "refuse") throw new PoisonMessageError(transition.reason);
    // As recordOrderStatus's upsert: only an order still "created" (or unknown) changes status.
    const current = known.get(orderId);
    if (current === undefined || current === "created") {
      known.set(orderId, status);
      statuses.set(orderId, { orderId, ticketId, status });
    }
    if (transition.kind === "keep") {
      log.info({ reason: transition.reason }, "ticket unchanged");
      continue;
    }
    const moved: Ticket = { ...ticket, ...transition.to, version: ticket.version + 1 };
    tickets.set(ticketId, moved);
    updates.push(moved);
    log.info({ status: moved.status, version: moved.version }, "ticket moved");
  }

  await recordOrderStatuses(tx, [...statuses.values()]);
  const moved = [...new Set(updates.map((ticket) => ticket.id))].map((id) => ({
    ticket: tickets.get(id) as Ticket,
    lockedVersion: lockedVersions.get(id) as number,
  }));
  await moveTickets(tx, moved, updates);
}
