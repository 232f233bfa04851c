import type { FaultWindow, FinalState, Operation } from "./history.js";

export type InvariantName =
  | "one-live-order-per-ticket"
  | "acknowledged-writes-exist"
  | "paid-means-sold"
  | "money-balances"
  | "reservation-matches-orders"
  | "no-5xx-outside-faults";

export const INVARIANTS: readonly InvariantName[] = [
  "one-live-order-per-ticket",
  "acknowledged-writes-exist",
  "paid-means-sold",
  "money-balances",
  "reservation-matches-orders",
  "no-5xx-outside-faults",
];

export interface Violation {
  invariant: InvariantName;
  /** What is wrong, with the ids and times to look for in the logs. */
  message: string;
}

const LIVE = new Set(["created", "awaiting:payment", "complete"]);
const OPEN = new Set(["created", "awaiting:payment"]);

export const toCents = (dollars: unknown): number =>
  typeof dollars === "number" ? Math.round(dollars * 100) : Number.NaN;

const isSuccess = (op: Operation) => op.status !== null && op.status >= 200 && op.status < 300;
const responseField = (op: Operation, field: string): unknown =>
  (op.response as Record<string, unknown> | undefined)?.[field];
const bodyField = (op: Operation, field: string): unknown =>
  (op.body as Record<string, unknown> | undefined)?.[field];
const at = (op: Operation) =>
  `#${op.id} ${op.method} ${op.path} [${op.startedAt}–${op.endedAt} ms]`;

/** The order ids the history's 201s to POST /api/orders named, with the op that got each. */
function acknowledgedOrders(history: readonly Operation[]): Map<string, Operation> {
  const orders = new Map<string, Operation>();
  for (const op of history) {
    if (op.kind !== "order.create" || op.status !== 201) continue;
    const id = responseField(op, "id");
    if (typeof id === "string") orders.set(id, op);
  }
  return orders;
}

/** Every invariant over the whole history and what was read back; empty when all hold. */
export function checkInvariants(
  history: readonly Operation[],
  faults: readonly FaultWindow[],
  state: FinalState,
): Violation[] {
  return [
    ...oneLiveOrderPerTicket(history, state),
    ...acknowledgedWritesExist(history, state),
    ...paidMeansSold(history, state),
    ...moneyBalances(state),
    ...reservationMatchesOrders(state),
    ...no5xxOutsideFaults(history, faults),
  ];
}

/**
 * One open or complete order per ticket, ever: at the end at most one live order per ticket, and
 * no order granted (201) for a ticket after another order of it was granted that ended complete
 * (a complete order is live from its creation on, so the later one overlapped it).
 */
export function oneLiveOrderPerTicket(
  history: readonly Operation[],
  state: FinalState,
): Violation[] {
  const violations: Violation[] = [];
  const byTicket = new Map<string, FinalState["orders"]>();
  for (const order of state.orders) {
    const list = byTicket.get(order.ticketId) ?? [];
    list.push(order);
    byTicket.set(order.ticketId, list);
  }
  for (const [ticketId, orders] of byTicket) {
    const live = orders.filter((order) => LIVE.has(order.status));
    if (live.length > 1) {
      const list = live.map((order) => `${order.id} (${order.status})`).join(", ");
      violations.push({
        invariant: "one-live-order-per-ticket",
        message: `ticket ${ticketId} has ${live.length} live orders at the end: ${list}`,
      });
    }
  }
  const finalStatus = new Map(state.orders.map((order) => [order.id, order.status]));
  const granted = [...acknowledgedOrders(history)].map(([id, op]) => ({
    id,
    op,
    ticketId: String(bodyField(op, "ticketId")),
  }));
  for (const complete of granted) {
    if (finalStatus.get(complete.id) !== "complete") continue;
    for (const later of granted) {
      if (later.ticketId !== complete.ticketId || later.id === complete.id) continue;
      if (later.op.startedAt > complete.op.endedAt) {
        violations.push({
          invariant: "one-live-order-per-ticket",
          message: `ticket ${complete.ticketId}: order ${later.id} granted by ${at(later.op)} after order ${complete.id} (complete) was granted by ${at(complete.op)}`,
        });
      }
    }
  }
  return violations;
}

/**
 * Every acknowledged write exists: a 201 ticket is there, a 201 order is in orders' database,
 * a cancelled (2xx DELETE) order is cancelled, and a ticket's price is that of its last
 * acknowledged edit, or of an edit not known to have failed that may have landed after it.
 */
export function acknowledgedWritesExist(
  history: readonly Operation[],
  state: FinalState,
): Violation[] {
  const violations: Violation[] = [];
  const tickets = new Map(state.tickets.map((ticket) => [ticket.id, ticket]));
  const orders = new Map(state.orders.map((order) => [order.id, order]));
  const fail = (message: string) =>
    violations.push({ invariant: "acknowledged-writes-exist", message });

  for (const op of history) {
    if (op.kind === "ticket.create" && op.status === 201) {
      const id = String(responseField(op, "id"));
      if (!tickets.has(id)) fail(`ticket ${id} acknowledged by ${at(op)} is missing`);
    }
    if (op.kind === "order.cancel" && isSuccess(op)) {
      const id = op.path.split("/").pop() ?? "";
      const status = orders.get(id)?.status;
      if (status !== "cancelled") {
        fail(`order ${id} cancelled by ${at(op)} (${op.status}) is ${status ?? "missing"}`);
      }
    }
  }
  for (const [id, op] of acknowledgedOrders(history)) {
    if (!orders.has(id)) fail(`order ${id} acknowledged by ${at(op)} is missing`);
  }

  const edits = new Map<string, Operation[]>();
  for (const op of history) {
    if (op.kind !== "ticket.create" && op.kind !== "ticket.edit") continue;
    const id = op.kind === "ticket.create" ? responseField(op, "id") : op.path.split("/").pop();
    if (typeof id !== "string") continue;
    edits.set(id, [...(edits.get(id) ?? []), op]);
  }
  for (const [id, writes] of edits) {
    const ticket = tickets.get(id);
    if (!ticket) continue;
    const acknowledged = writes.filter(isSuccess);
    const last = acknowledged.reduce<Operation | undefined>(
      (latest, op) => (latest === undefined || op.endedAt > latest.endedAt ? op : latest),
      undefined,
    );
    if (!last) continue;
    // Possible final prices: the last acknowledged one, and any write that may have landed
    // after it (overlapping it or later) and was not refused (a 4xx changed nothing).
    const possible = writes.filter(
      (op) =>
        op === last ||
        (op.endedAt >= last.startedAt &&
          !(op.status !== null && op.status >= 400 && op.status < 500)),
    );
    const prices = possible.map((op) => toCents(bodyField(op, "price")));
    if (!prices.includes(ticket.priceCents)) {
      fail(
        `ticket ${id} costs ${ticket.priceCents} cents, but its last acknowledged write ${at(last)} set ${toCents(bodyField(last, "price"))}`,
      );
    }
  }
  return violations;
}

/** Every 201 payment has its order complete and its ticket sold (to that order). */
export function paidMeansSold(history: readonly Operation[], state: FinalState): Violation[] {
  const violations: Violation[] = [];
  const orders = new Map(state.orders.map((order) => [order.id, order]));
  const tickets = new Map(state.tickets.map((ticket) => [ticket.id, ticket]));
  for (const op of history) {
    if (op.kind !== "payment.create" || op.status !== 201) continue;
    const orderId = String(responseField(op, "orderId") ?? bodyField(op, "orderId"));
    const order = orders.get(orderId);
    if (order?.status !== "complete") {
      violations.push({
        invariant: "paid-means-sold",
        message: `payment ${String(responseField(op, "id"))} answered 201 by ${at(op)}, but order ${orderId} is ${order?.status ?? "missing"}`,
      });
      continue;
    }
    const ticket = tickets.get(order.ticketId);
    if (ticket?.status !== "sold" || ticket.orderId !== orderId) {
      violations.push({
        invariant: "paid-means-sold",
        message: `payment for order ${orderId} answered 201 by ${at(op)}, but ticket ${order.ticketId} is ${ticket ? `${ticket.status} (order ${ticket.orderId})` : "missing"}`,
      });
    }
  }
  return violations;
}

/** Charges minus refunds equal the prices of the complete orders, to the cent, and per order. */
export function moneyBalances(state: FinalState): Violation[] {
  const violations: Violation[] = [];
  const netByOrder = new Map<string, number>();
  const chargeOrder = new Map(state.charges.map((charge) => [charge.id, charge.orderId ?? "?"]));
  for (const charge of state.charges) {
    const key = charge.orderId ?? "?";
    netByOrder.set(key, (netByOrder.get(key) ?? 0) + charge.amount);
  }
  for (const refund of state.refunds) {
    const key = chargeOrder.get(refund.charge) ?? "?";
    netByOrder.set(key, (netByOrder.get(key) ?? 0) - refund.amount);
  }
  const net = [...netByOrder.values()].reduce((sum, cents) => sum + cents, 0);
  const sold = state.orders
    .filter((order) => order.status === "complete")
    .reduce((sum, order) => sum + order.priceCents, 0);
  if (net !== sold) {
    violations.push({
      invariant: "money-balances",
      message: `charges minus refunds are ${net} cents, the complete orders' prices ${sold} cents`,
    });
  }
  const orders = new Map(state.orders.map((order) => [order.id, order]));
  for (const [orderId, cents] of netByOrder) {
    const order = orders.get(orderId);
    const expected = order?.status === "complete" ? order.priceCents : 0;
    if (cents !== expected) {
      violations.push({
        invariant: "money-balances",
        message: `order ${orderId} (${order?.status ?? "unknown"}) kept ${cents} cents, expected ${expected}`,
      });
    }
  }
  for (const order of state.orders) {
    if (order.status === "complete" && !netByOrder.has(order.id)) {
      violations.push({
        invariant: "money-balances",
        message: `order ${order.id} is complete with no charge`,
      });
    }
  }
  return violations;
}

/**
 * No ticket reserved without a live open order holding it, none available while an order of it
 * is open or complete, none sold without its complete order.
 */
export function reservationMatchesOrders(state: FinalState): Violation[] {
  const violations: Violation[] = [];
  const orders = new Map(state.orders.map((order) => [order.id, order]));
  const liveByTicket = new Map<string, FinalState["orders"][number]>();
  for (const order of state.orders)
    if (LIVE.has(order.status)) liveByTicket.set(order.ticketId, order);
  const fail = (message: string) =>
    violations.push({ invariant: "reservation-matches-orders", message });
  for (const ticket of state.tickets) {
    const holder = ticket.orderId ? orders.get(ticket.orderId) : undefined;
    const live = liveByTicket.get(ticket.id);
    if (ticket.status === "reserved" && !(holder && OPEN.has(holder.status))) {
      fail(
        `ticket ${ticket.id} is reserved for order ${ticket.orderId}, which is ${holder?.status ?? "missing"}`,
      );
    }
    if (ticket.status === "available" && live) {
      fail(`ticket ${ticket.id} is available, but order ${live.id} of it is ${live.status}`);
    }
    if (ticket.status === "sold" && holder?.status !== "complete") {
      fail(
        `ticket ${ticket.id} is sold to order ${ticket.orderId}, which is ${holder?.status ?? "missing"}`,
      );
    }
  }
  return violations;
}

/** A 5xx (or no answer at all) only while a fault was on, or before the stack recovered from it. */
export function no5xxOutsideFaults(
  history: readonly Operation[],
  faults: readonly FaultWindow[],
): Violation[] {
  const violations: Violation[] = [];
  for (const op of history) {
    const failed = op.status === null || op.status >= 500;
    if (!failed) continue;
    const covered = faults.some(
      (fault) =>
        op.endedAt >= fault.startedAt && op.startedAt <= (fault.recoveredAt ?? fault.endedAt),
    );
    if (!covered) {
      violations.push({
        invariant: "no-5xx-outside-faults",
        message: `${at(op)} by ${op.actor} answered ${op.status ?? op.error ?? "nothing"} outside every fault: ${JSON.stringify(op.response ?? null).slice(0, 200)}`,
      });
    }
  }
  return violations;
}
