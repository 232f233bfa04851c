import { randomUUID } from "node:crypto";
import { durableName, type Event, type Subject } from "@microtickets/common";
import { createTestBus, sample, startTestService } from "@microtickets/common/testing";
import { expirationService } from "@microtickets/expiration/testing";
import { ordersService } from "@microtickets/orders/testing";
import { paymentsService } from "@microtickets/payments/testing";
import { ticketsService } from "@microtickets/tickets/testing";
import { AckPolicy, type JetStreamClient, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";

/** One consumer's pace through a backlog, against JetStream's own pace in the same run. */
export interface BacklogRate {
  consumer: string;
  events: number;
  eventsPerSecond: number;
}

const CHUNK = 1_000;

async function publishAll(
  js: JetStreamClient,
  subject: string,
  payloads: () => string,
  count: number,
) {
  for (let sent = 0; sent < count; sent += CHUNK) {
    const chunk = Math.min(CHUNK, count - sent);
    await Promise.all(Array.from({ length: chunk }, () => js.publish(subject, payloads())));
  }
}

async function untilConsumed(nc: NatsConnection, stream: string, durable: string) {
  const jsm = await jetstreamManager(nc);
  for (;;) {
    const info = await jsm.consumers.info(stream, durable);
    if (info.num_pending === 0 && info.num_ack_pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A durable consumer that acks each message and does nothing else: the bus's ceiling. */
async function jetStreamAlone(count: number): Promise<BacklogRate> {
  const bus = await createTestBus("bench_backlog");
  try {
    const subject = `${bus.bus.subjectPrefix}ticket.created`;
    await publishAll(bus.js, subject, () => JSON.stringify(sample.ticketCreated()), count);
    const jsm = await jetstreamManager(bus.nc);
    await jsm.consumers.add(bus.bus.stream, {
      durable_name: "bench",
      ack_policy: AckPolicy.Explicit,
      filter_subject: subject,
    });
    const began = performance.now();
    const messages = await (await bus.js.consumers.get(bus.bus.stream, "bench")).consume({
      max_messages: 32,
    });
    let seen = 0;
    for await (const msg of messages) {
      msg.ack();
      if (++seen === count) break;
    }
    await untilConsumed(bus.nc, bus.bus.stream, "bench");
    const seconds = (performance.now() - began) / 1000;
    return {
      consumer: "JetStream alone (ack only)",
      events: count,
      eventsPerSecond: Math.round(count / seconds),
    };
  } finally {
    await bus.destroy();
  }
}

interface Case {
  // biome-ignore lint/suspicious/noExplicitAny: each case starts a different service
  service: any;
  name: string;
  subject: Subject;
  /** Makes the i-th event; `seed` prepares what it refers to. */
  events: (count: number) => Event[];
  seed?: (db: import("pg").Pool, events: Event[]) => Promise<void>;
  env?: Record<string, string>;
}

const CASES: Case[] = [
  {
    service: ordersService,
    name: "orders",
    subject: "ticket.created",
    events: (count) => Array.from({ length: count }, () => sample.ticketCreated()),
  },
  {
    service: paymentsService,
    name: "payments",
    // Consuming order.created never calls Stripe.
    env: {
      STRIPE_SECRET_KEY: "sk_test_bench",
      STRIPE_WEBHOOK_SECRET: "whsec_bench",
      STRIPE_API_BASE: "http://127.0.0.1:9",
    },
    subject: "order.created",
    events: (count) => Array.from({ length: count }, () => sample.orderCreated()),
  },
  {
    service: expirationService,
    name: "expiration",
    subject: "order.created",
    events: (count) => Array.from({ length: count }, () => sample.orderCreated()),
  },
  {
    service: ticketsService,
    name: "tickets",
    subject: "order.created",
    events: (count) => Array.from({ length: count }, () => sample.orderCreated()),
    // Every order is for a ticket tickets has listed and nobody has locked yet.
    seed: async (db, events) => {
      const ids = events.map((event) => (event.data as { ticket: { id: string } }).ticket.id);
      await db.query(
        `INSERT INTO tickets (id, title, price_cents, user_id)
         SELECT id, 'Backlog', 1000, $2 FROM unnest($1::uuid[]) AS id`,
        [ids, randomUUID()],
      );
    },
  },
];

/**
 * Each listed consumer on a backlog of `count` events published before it starts, timed from
 * its start to the last ack; and a consumer that only acks, on the same server, as the ceiling.
 */
export async function backlogRates(count: number, replicas = 1): Promise<BacklogRate[]> {
  const rates = [await jetStreamAlone(count)];
  for (const c of CASES) {
    const service = await startTestService(c.service, {
      label: `bench_backlog_${c.name}`,
      env: c.env,
    });
    try {
      await service.messaging.stop();
      const events = c.events(count);
      if (c.seed && service.db) await c.seed(service.db, events);
      for (let i = 0; i < events.length; i += CHUNK) {
        await Promise.all(events.slice(i, i + CHUNK).map((event) => service.publish(event)));
      }
      const began = performance.now();
      await service.messaging.start();
      const more = await Promise.all(Array.from({ length: replicas - 1 }, () => service.replica()));
      await untilConsumed(
        service.testBus.nc,
        service.testBus.bus.stream,
        durableName(c.name, c.subject),
      );
      const seconds = (performance.now() - began) / 1000;
      rates.push({
        consumer: `${c.name} ← ${c.subject}`,
        events: count,
        eventsPerSecond: Math.round(count / seconds),
      });
      await Promise.all(more.map((replica) => replica.stop()));
    } finally {
      await service.close();
    }
  }
  return rates;
}

export function printBacklogRates(rates: BacklogRate[]) {
  const ceiling = rates[0]?.eventsPerSecond ?? 1;
  console.log(
    `\nconsumers on a backlog of ${rates[0]?.events} events (events/s, × JetStream alone)`,
  );
  for (const rate of rates) {
    console.log(
      `  ${rate.consumer.padEnd(32)} ${String(rate.eventsPerSecond).padStart(7)}   ${(rate.eventsPerSecond / ceiling).toFixed(2)}×`,
    );
  }
}
