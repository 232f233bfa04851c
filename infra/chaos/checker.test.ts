import { describe, expect, it } from "vitest";
import { checkInvariants, type InvariantName } from "./checker.js";
import type { FaultWindow, FinalState, Operation } from "./history.js";

const T1 = "11111111-1111-4111-8111-111111111111";
const O1 = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const O2 = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

let nextId = 1;
function op(fields: Partial<Operation> & Pick<Operation, "kind" | "method" | "path">): Operation {
  return { id: nextId++, actor: "buyer-1", startedAt: 0, endedAt: 1, status: 200, ...fields };
}

/** A seller lists T1 at $10, a buyer orders it (O1) and pays: the history of one clean sale. */
function cleanSale(): { history: Operation[]; state: FinalState } {
  const history = [
    op({
      kind: "ticket.create",
      method: "POST",
      path: "/api/tickets",
      body: { title: "A", price: 10 },
      status: 201,
      response: { id: T1, price: 10 },
      startedAt: 0,
      endedAt: 5,
    }),
    op({
      kind: "order.create",
      method: "POST",
      path: "/api/orders",
      body: { ticketId: T1 },
      status: 201,
      response: { id: O1 },
      startedAt: 10,
      endedAt: 15,
    }),
    op({
      kind: "payment.create",
      method: "POST",
      path: "/api/payments",
      body: { orderId: O1, paymentMethodId: "pm_card_visa" },
      status: 201,
      response: { id: "p1", orderId: O1 },
      startedAt: 20,
      endedAt: 25,
    }),
  ];
  const state: FinalState = {
    tickets: [{ id: T1, status: "sold", orderId: O1, priceCents: 1000 }],
    orders: [{ id: O1, ticketId: T1, status: "complete", priceCents: 1000 }],
    charges: [{ id: "ch_1", amount: 1000, orderId: O1 }],
    refunds: [],
  };
  return { history, state };
}

const violated = (history: Operation[], state: FinalState, faults: FaultWindow[] = []) =>
  new Set<InvariantName>(checkInvariants(history, faults, state).map((v) => v.invariant));

describe("the chaos run's invariant checker", () => {
  it("finds nothing wrong with a clean sale", () => {
    const { history, state } = cleanSale();
    expect(checkInvariants(history, [], state)).toEqual([]);
  });

  it("catches two live orders of one ticket, at the end and over time", () => {
    const { history, state } = cleanSale();
    history.push(
      op({
        kind: "order.create",
        method: "POST",
        path: "/api/orders",
        body: { ticketId: T1 },
        status: 201,
        response: { id: O2 },
        startedAt: 30,
        endedAt: 31,
      }),
    );
    state.orders.push({ id: O2, ticketId: T1, status: "cancelled", priceCents: 1000 });
    expect(violated(history, state)).toEqual(new Set(["one-live-order-per-ticket"]));
    state.orders[1] = { id: O2, ticketId: T1, status: "created", priceCents: 1000 };
    const messages = checkInvariants(history, [], state).map((v) => v.message);
    expect(messages.some((m) => m.includes("2 live orders"))).toBe(true);
  });

  it("catches an acknowledged write that is gone", () => {
    const { history, state } = cleanSale();
    history.push(
      op({
        kind: "ticket.edit",
        method: "PUT",
        path: `/api/tickets/${T1}`,
        body: { title: "A", price: 12 },
        status: 200,
        startedAt: 6,
        endedAt: 7,
      }),
    );
    expect(violated(history, state)).toEqual(new Set(["acknowledged-writes-exist"]));
  });

  it("accepts a final price from an edit that got no answer after the last acknowledged one", () => {
    const { history, state } = cleanSale();
    history.push(
      op({
        kind: "ticket.edit",
        method: "PUT",
        path: `/api/tickets/${T1}`,
        body: { title: "A", price: 12 },
        status: 200,
        startedAt: 6,
        endedAt: 7,
      }),
      op({
        kind: "ticket.edit",
        method: "PUT",
        path: `/api/tickets/${T1}`,
        body: { title: "A", price: 10 },
        status: null,
        error: "ECONNRESET",
        startedAt: 8,
        endedAt: 9,
      }),
    );
    expect(violated(history, state, [{ kind: "k", detail: "", startedAt: 8, endedAt: 9 }])).toEqual(
      new Set(),
    );
  });

  it("catches a 201 payment whose order is not complete", () => {
    const { history, state } = cleanSale();
    state.orders[0] = { id: O1, ticketId: T1, status: "cancelled", priceCents: 1000 };
    state.tickets[0] = { id: T1, status: "available", orderId: null, priceCents: 1000 };
    state.refunds.push({ id: "re_1", amount: 1000, charge: "ch_1" });
    expect(violated(history, state)).toEqual(new Set(["paid-means-sold"]));
  });

  it("catches money that does not balance to the cent", () => {
    const { history, state } = cleanSale();
    state.charges.push({ id: "ch_2", amount: 1000, orderId: O1 });
    expect(violated(history, state)).toEqual(new Set(["money-balances"]));
  });

  it("catches a ticket reserved for a cancelled order", () => {
    const { state } = cleanSale();
    state.orders[0] = { id: O1, ticketId: T1, status: "cancelled", priceCents: 1000 };
    state.tickets[0] = { id: T1, status: "reserved", orderId: O1, priceCents: 1000 };
    state.charges = [];
    expect(violated([], state)).toEqual(new Set(["reservation-matches-orders"]));
  });

  it("catches a ticket available while its order is open", () => {
    const { state } = cleanSale();
    state.orders[0] = { id: O1, ticketId: T1, status: "created", priceCents: 1000 };
    state.tickets[0] = { id: T1, status: "available", orderId: null, priceCents: 1000 };
    state.charges = [];
    expect(violated([], state)).toEqual(new Set(["reservation-matches-orders"]));
  });

  it("catches a 5xx outside every fault's window, and forgives one inside", () => {
    const { history, state } = cleanSale();
    history.push(
      op({
        kind: "ticket.list",
        method: "GET",
        path: "/api/tickets",
        status: 503,
        startedAt: 100,
        endedAt: 101,
      }),
    );
    const during: FaultWindow = {
      kind: "pause-nats",
      detail: "",
      startedAt: 90,
      endedAt: 95,
      recoveredAt: 120,
    };
    expect(violated(history, state, [during])).toEqual(new Set());
    const before: FaultWindow = { ...during, startedAt: 10, endedAt: 20, recoveredAt: 30 };
    expect(violated(history, state, [before])).toEqual(new Set(["no-5xx-outside-faults"]));
  });
});
