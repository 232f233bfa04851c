import { randomUUID } from "node:crypto";
import {
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  OrderHeld,
  SessionRevoked,
  type Subject,
} from "@microtickets/common";
import { consumerFuzz, type fuzz, sample } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentsTestApp, type PaymentsTestApp } from "../test-app.js";

// Batches a subject (each up to 6 messages, then a normal event): sized so the whole file stays
// well under a minute on two busy cores.
const RUNS = 25;

describe("payments' consumers under fuzzing: no payload a publisher could send blocks one", {
  timeout: 120_000,
}, () => {
  let t: PaymentsTestApp;
  let routes: fuzz.FuzzRequest[];
  const knownIds: string[] = [];
  let known: { id: string; userId: string };

  beforeAll(async () => {
    t = await createPaymentsTestApp("consumer_fuzz");
    const { order, buyer } = await t.seedOrder();
    known = { id: order.id, userId: buyer.user.id };
    knownIds.push(order.id, order.ticket.id, buyer.user.id);
    routes = [
      // A 400 for the body: the route reads the order replica only past validation.
      {
        method: "POST",
        path: "/api/payments",
        headers: { Cookie: buyer.cookie, "Content-Type": "application/json" },
        body: JSON.stringify({ orderId: order.id }),
      },
      { method: "GET", path: "/readyz", headers: {} },
    ];
  });
  afterAll(() => t?.close());

  const run = <S extends Subject, D>(subject: consumerFuzz.ConsumedSubject<S, D>) =>
    consumerFuzz.fuzzConsumer(t, subject, { numRuns: RUNS, routes });
  /** An order payments has recorded, for a settling event about it. */
  const recordedOrder = async () => {
    const created = await t.apply(t.orderCreated(randomUUID()));
    const { id, userId, version, ticket } = created.data;
    return { id, userId, version: version + 1, ticket: { id: ticket.id } };
  };

  it(`keeps applying ${OrderCreated.subject} after ${RUNS} hostile batches`, async () => {
    const tally = await run({
      event: OrderCreated,
      sample: () => t.orderCreated(known.userId, { id: known.id }),
      knownIds,
      probe: async () => t.orderCreated(randomUUID()),
    });
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.rejected).toBeGreaterThan(0);
  });

  it(`keeps applying ${OrderCancelled.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: OrderCancelled,
      sample: () => sample.orderCancelled(known),
      knownIds,
      probe: async () => OrderCancelled.build(await recordedOrder()),
    });
  });

  it(`keeps applying ${OrderCompleted.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: OrderCompleted,
      sample: () => sample.orderCompleted(known),
      knownIds,
      probe: async () => OrderCompleted.build(await recordedOrder()),
    });
  });

  it(`keeps applying ${OrderHeld.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: OrderHeld,
      sample: () => sample.orderHeld({ id: known.id }),
      knownIds,
      probe: async () => sample.orderHeld({ id: known.id }),
    });
  });

  it(`keeps applying ${SessionRevoked.subject} after ${RUNS} hostile batches`, async () => {
    const revoked = () =>
      SessionRevoked.build({
        sessionId: randomUUID(),
        userId: randomUUID(),
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
    await run({ event: SessionRevoked, sample: revoked, knownIds, probe: async () => revoked() });
  });
});
