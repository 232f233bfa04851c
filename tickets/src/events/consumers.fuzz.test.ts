import { randomUUID } from "node:crypto";
import {
  OrderCancelled,
  OrderCompleted,
  OrderCreated,
  SessionRevoked,
  type Subject,
} from "@microtickets/common";
import { consumerFuzz, type fuzz, sampleOrder } from "@microtickets/common/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

// Batches a subject (each up to 6 messages, then a normal event): sized so the whole file stays
// well under a minute on two busy cores.
const RUNS = 25;

describe("tickets' consumers under fuzzing: no payload a publisher could send blocks one", {
  timeout: 120_000,
}, () => {
  let t: TicketsTestApp;
  let routes: fuzz.FuzzRequest[];
  const knownIds: string[] = [];

  beforeAll(async () => {
    t = await createTicketsTestApp("consumer_fuzz");
    const seller = await t.sessions.signIn();
    const listed = await t.listTicket({ title: "concert", price: 20 }, seller.cookie);
    knownIds.push(listed.id, seller.user.id);
    routes = [
      { method: "GET", path: "/api/tickets", headers: {} },
      { method: "GET", path: `/api/tickets/${listed.id}`, headers: {} },
      { method: "GET", path: "/readyz", headers: {} },
    ];
  });
  afterAll(() => t?.close());

  const run = <S extends Subject, D>(subject: consumerFuzz.ConsumedSubject<S, D>) =>
    consumerFuzz.fuzzConsumer(t, subject, { numRuns: RUNS, routes });
  /** An order of a ticket just listed, so its events apply. */
  const freshOrder = async () => sampleOrder({ ticketId: (await t.listTicket()).id });
  const aboutKnownTicket = () => sampleOrder({ ticketId: knownIds[0] });

  it(`keeps applying ${OrderCreated.subject} after ${RUNS} hostile batches`, async () => {
    const tally = await run({
      event: OrderCreated,
      sample: () => aboutKnownTicket().created(),
      knownIds,
      // A second order of a reserved ticket waits for the first one's end (RetryLaterError).
      mayWait: true,
      probe: async () => (await freshOrder()).created(),
    });
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.rejected).toBeGreaterThan(0);
  });

  it(`keeps applying ${OrderCancelled.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: OrderCancelled,
      sample: () => aboutKnownTicket().cancelled(),
      knownIds,
      // An order's end before its creation waits for it.
      mayWait: true,
      probe: async () => {
        const order = await freshOrder();
        await t.apply(order.created());
        return order.cancelled();
      },
    });
  });

  it(`keeps applying ${OrderCompleted.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: OrderCompleted,
      sample: () => aboutKnownTicket().completed(),
      knownIds,
      mayWait: true,
      probe: async () => {
        const order = await freshOrder();
        await t.apply(order.created());
        return order.completed();
      },
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
