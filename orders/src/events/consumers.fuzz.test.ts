import { randomUUID } from "node:crypto";
import {
  ExpirationComplete,
  PaymentActionRequired,
  PaymentCreated,
  PaymentFailed,
  PaymentStarted,
  SessionRevoked,
  type Subject,
  TicketCreated,
  TicketUpdated,
} from "@microtickets/common";
import { consumerFuzz, type fuzz, sample } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

// Batches a subject (each up to 6 messages, then a normal event): sized so the whole file stays
// well under a minute on two busy cores.
const RUNS = 25;

describe("orders' consumers under fuzzing: no payload a publisher could send blocks one", {
  timeout: 120_000,
}, () => {
  let t: OrdersTestApp;
  let routes: fuzz.FuzzRequest[];
  const knownIds: string[] = [];
  /** A ticket replica whose next update the probes send, version by version. */
  let ticket: { id: string; version: number };
  /** A cancelled order: every payment event and expiration about it applies, and changes nothing. */
  let settledOrderId: string;

  beforeAll(async () => {
    t = await createOrdersTestApp("consumer_fuzz");
    const seeded = await t.seedTicket();
    ticket = { id: seeded.id, version: 0 };
    const open = await t.placeOrder((await t.seedTicket()).id);
    const settled = await t.placeOrder((await t.seedTicket()).id, open.buyer);
    await request(t.app)
      .delete(`/api/orders/${settled.order.id}`)
      .set("Cookie", open.buyer.cookie)
      .expect(204);
    settledOrderId = settled.order.id;
    knownIds.push(seeded.id, open.order.id, settled.order.id, open.buyer.user.id);
    routes = [
      { method: "GET", path: "/api/orders", headers: { Cookie: open.buyer.cookie } },
      {
        method: "GET",
        path: `/api/orders/${open.order.id}`,
        headers: { Cookie: open.buyer.cookie },
      },
      { method: "GET", path: "/readyz", headers: {} },
    ];
  });
  afterAll(() => t?.close());

  const run = <S extends Subject, D>(subject: consumerFuzz.ConsumedSubject<S, D>) =>
    consumerFuzz.fuzzConsumer(t, subject, { numRuns: RUNS, routes });

  it(`keeps applying ${TicketCreated.subject} after ${RUNS} hostile batches`, async () => {
    const tally = await run({
      event: TicketCreated,
      sample: () => sample.ticketCreated(),
      knownIds,
      probe: async () => sample.ticketCreated(),
    });
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.rejected).toBeGreaterThan(0);
  });

  it(`keeps applying ${TicketUpdated.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: TicketUpdated,
      sample: () => sample.ticketUpdated({ id: ticket.id }),
      knownIds,
      // An update of a ticket never created here, or past a gap, waits for what comes before it.
      mayWait: true,
      probe: async () => sample.ticketUpdated({ id: ticket.id, version: ++ticket.version }),
    });
  });

  it(`keeps applying ${ExpirationComplete.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: ExpirationComplete,
      sample: () => sample.expirationComplete({ orderId: settledOrderId }),
      knownIds,
      // An open order's expiration waits until its lock runs out by orders' clock.
      mayWait: true,
      probe: async () => sample.expirationComplete({ orderId: settledOrderId }),
    });
  });

  const aboutSettledOrder = () => ({ ...sample.paymentCreated().data, orderId: settledOrderId });

  it(`keeps applying ${PaymentStarted.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: PaymentStarted,
      sample: () => sample.paymentStarted({ orderId: settledOrderId }),
      knownIds,
      probe: async () => sample.paymentStarted({ orderId: settledOrderId }),
    });
  });

  it(`keeps applying ${PaymentCreated.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: PaymentCreated,
      sample: () => PaymentCreated.build(aboutSettledOrder()),
      knownIds,
      probe: async () => PaymentCreated.build(aboutSettledOrder()),
    });
  });

  it(`keeps applying ${PaymentActionRequired.subject} after ${RUNS} hostile batches`, async () => {
    const about = () => {
      const { amountCents: _, ...ids } = aboutSettledOrder();
      return ids;
    };
    await run({
      event: PaymentActionRequired,
      sample: () => PaymentActionRequired.build(about()),
      knownIds,
      probe: async () => PaymentActionRequired.build(about()),
    });
  });

  it(`keeps applying ${PaymentFailed.subject} after ${RUNS} hostile batches`, async () => {
    await run({
      event: PaymentFailed,
      sample: () => sample.paymentFailed({ orderId: settledOrderId }),
      knownIds,
      probe: async () => sample.paymentFailed({ orderId: settledOrderId }),
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
