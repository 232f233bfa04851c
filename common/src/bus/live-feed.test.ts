import { createPrivateNatsServer } from "@microtickets/dev-servers";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrderCancelled } from "../events/index.js";
import { createLogger } from "../logger.js";
import { createTestBus, eventually, sampleTicketCreated, type TestBus } from "../testing/index.js";
import { watchConnection } from "./connect.js";
import {
  type LiveFeed,
  lastStreamSeq,
  openStreamReader,
  type StreamEntry,
  startLiveFeed,
} from "./live-feed.js";
import { publishEvent } from "./publisher.js";
import { type BusConfig, ensureStream } from "./stream.js";

const logger = createLogger("live-feed-test");

const orderCancelled = () =>
  OrderCancelled.build({
    id: crypto.randomUUID(),
    userId: crypto.randomUUID(),
    version: 1,
    ticket: { id: crypto.randomUUID() },
  });

describe("reading the stream live", () => {
  let bus: TestBus;
  beforeAll(async () => {
    bus = await createTestBus("live-feed");
  });
  afterAll(() => bus?.destroy());

  const publish = (event: Parameters<typeof publishEvent>[2]) =>
    publishEvent(bus.js, bus.bus, event);

  it("reads the matching messages from a position, in order, without the subject prefix", async () => {
    const first = await publish(sampleTicketCreated({ title: "first" }));
    await publish(orderCancelled());
    const second = await publish(sampleTicketCreated({ title: "second" }));
    const third = await publish(sampleTicketCreated({ title: "third" }));

    const reader = await openStreamReader({
      nc: bus.nc,
      bus: bus.bus,
      filterSubject: "ticket.>",
      fromSeq: first.seq + 1,
    });
    const entries: StreamEntry[] = [];
    try {
      expect(reader.pendingAtOpen).toBe(2);
      for await (const entry of reader) {
        entries.push(entry);
        if (entry.pending === 0) break;
      }
    } finally {
      await reader.close();
    }

    expect(entries.map(({ seq, subject, pending }) => ({ seq, subject, pending }))).toEqual([
      { seq: second.seq, subject: "ticket.created", pending: 1 },
      { seq: third.seq, subject: "ticket.created", pending: 0 },
    ]);
    expect(JSON.parse(entries[1]?.body ?? "").data.title).toBe("third");
  });

  it("hands each new message to the feed once, in order, and moves its position", async () => {
    const seen: StreamEntry[] = [];
    const feed = await startLiveFeed({
      nc: bus.nc,
      bus: bus.bus,
      filterSubject: "ticket.>",
      fromSeq: (await lastStreamSeq(bus.nc, bus.bus)) + 1,
      logger,
      onEntry: (entry) => seen.push(entry),
    });
    try {
      await feed.caughtUp;
      const acks = [];
      for (let i = 0; i < 5; i++) acks.push(await publish(sampleTicketCreated({ title: `t${i}` })));
      await publish(orderCancelled());

      await eventually(() => seen.length === 5);
      expect(seen.map((entry) => entry.seq)).toEqual(acks.map((ack) => ack.seq));
      expect(feed.position).toBe(acks[4]?.seq);
    } finally {
      await feed.stop();
    }
  });

  it("is caught up once it has read what the stream held when it started", async () => {
    const before = await lastStreamSeq(bus.nc, bus.bus);
    for (let i = 0; i < 3; i++) await publish(sampleTicketCreated());
    const seen: number[] = [];
    const feed = await startLiveFeed({
      nc: bus.nc,
      bus: bus.bus,
      filterSubject: "ticket.>",
      fromSeq: before + 1,
      logger,
      onEntry: (entry) => seen.push(entry.seq),
    });
    try {
      await feed.caughtUp;
      expect(seen).toEqual([before + 1, before + 2, before + 3]);
    } finally {
      await feed.stop();
    }
  });
});

describe("a live feed and a NATS server that restarts", () => {
  it("goes on after the restart from where it was, skipping and repeating nothing", async () => {
    const server = await createPrivateNatsServer();
    await server.start();
    const nc = await connect({
      servers: server.url,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    const bus: BusConfig = { stream: "EVENTS", subjectPrefix: "" };
    await ensureStream(nc, bus);
    const js = jetstream(nc);
    const titles: string[] = [];
    let feed: LiveFeed | undefined;
    try {
      feed = await startLiveFeed({
        nc,
        bus,
        filterSubject: "ticket.>",
        fromSeq: 1,
        logger,
        onEntry: (entry) => titles.push(JSON.parse(entry.body).data.title),
      });
      await publishEvent(js, bus, sampleTicketCreated({ title: "before" }));
      await eventually(() => titles.length === 1);

      let reconnected: () => void = () => {};
      const back = new Promise<void>((resolve) => {
        reconnected = resolve;
      });
      const unwatch = watchConnection(nc, { disconnected: () => {}, reconnected });
      await server.stop();
      await server.start();
      await back;
      unwatch();
      await publishEvent(js, bus, sampleTicketCreated({ title: "after" }));

      await eventually(() => titles.length >= 2, { timeoutMs: 15_000 });
      expect(titles).toEqual(["before", "after"]);
    } finally {
      await feed?.stop();
      await nc.close();
      await server.destroy();
    }
  }, 40_000);
});
