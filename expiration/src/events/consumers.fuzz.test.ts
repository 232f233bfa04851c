import { OrderCancelled, OrderCompleted, OrderCreated, type Subject } from "@microtickets/common";
import { consumerFuzz, type fuzz, sampleOrder } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExpirationTestApp, type ExpirationTestApp, inMs } from "../test-app.js";

// Batches a subject (each up to 6 messages, then a normal event): sized so the whole file stays
// well under a minute on two busy cores.
const RUNS = 25;

// Without a database nothing records a dead letter: what the consumer rejects must still be
// acked (terminated), which the fuzz checks on the consumer's pending counts.
describe("expiration's consumers under fuzzing: no payload a publisher could send blocks one", {
  timeout: 120_000,
}, () => {
  let t: ExpirationTestApp;
  const routes: fuzz.FuzzRequest[] = [{ method: "GET", path: "/readyz", headers: {} }];
  const order = sampleOrder();
  const knownIds = [order.id, order.userId, order.ticketId];
  const later = () => inMs(15 * 60_000).toISOString();

  beforeAll(async () => {
    t = await createExpirationTestApp("consumer_fuzz");
    await t.apply(order.created({ expiresAt: later() }));
  });
  afterAll(() => t?.close());

  const run = <S extends Subject, D>(subject: consumerFuzz.ConsumedSubject<S, D>) =>
    consumerFuzz.fuzzConsumer({ ...t, db: undefined }, subject, { numRuns: RUNS, routes });

  it(`keeps applying ${OrderCreated.subject} after ${RUNS} hostile batches`, async () => {
    const tally = await run({
      event: OrderCreated,
      sample: () => order.created({ expiresAt: later() }),
      knownIds,
      probe: async () => sampleOrder().created({ expiresAt: later() }),
    });
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.rejected).toBeGreaterThan(0);
  });

  it(`keeps applying ${OrderCancelled.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: OrderCancelled,
      sample: () => order.cancelled(),
      knownIds,
      probe: async () => sampleOrder().cancelled(),
    });
  });

  it(`keeps applying ${OrderCompleted.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: OrderCompleted,
      sample: () => order.completed(),
      knownIds,
      probe: async () => sampleOrder().completed(),
    });
  });
});
