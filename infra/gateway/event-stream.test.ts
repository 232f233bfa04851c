import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { lastStreamSeq } from "@microtickets/common";
import { eventually } from "@microtickets/common/testing";
import {
  type EventStreamClient,
  openEventStream,
  type TicketJson,
} from "@microtickets/tickets/api";
import {
  createTicketsTestApp,
  type TicketsProcess,
  type TicketsTestApp,
} from "@microtickets/tickets/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "./gateway.js";
import { close, listen } from "./serve.js";

// GET /api/tickets/updates through the gateway, as a browser reaches it: every event must leave
// the gateway when it arrives there, not when some buffer fills or the response ends.
describe("the gateway and a live event stream", () => {
  let t: TicketsTestApp;
  let seller: { cookie: string };
  let base: string;
  let replica: TicketsProcess;
  let stayingUrl: string;
  let gateway: Server;
  const clients: EventStreamClient[] = [];

  beforeAll(async () => {
    t = await createTicketsTestApp("gateway_sse");
    seller = await t.sessions.signIn();
    replica = await t.replica();
    stayingUrl = replica.url;
    gateway = createGateway({
      routes: [{ prefix: "/api/tickets", targets: [t.url, replica.url] }],
    });
    await listen(gateway, 0, "127.0.0.1");
    base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    if (gateway) await close(gateway, 100);
    await t?.close();
  });

  async function follow(query = "", lastEventId?: string) {
    const client = await openEventStream(`${base}/api/tickets/updates${query}`, { lastEventId });
    clients.push(client);
    return client;
  }

  const call = (method: string, path: string, body: object) =>
    fetch(`${base}${path}`, {
      method,
      headers: { "Content-Type": "application/json", Cookie: seller.cookie },
      body: JSON.stringify(body),
    }).then(async (res) => {
      expect(res.status).toBeLessThan(300);
      return (await res.json()) as TicketJson;
    });
  /** A new ticket whose creation every replica has read: a stream opened now won't get it. */
  async function listTicket(title: string, replicas = [t.deps, replica.deps]) {
    const ticket = await call("POST", "/api/tickets", { title, price: 20 });
    await t.events.waitFor("ticket.created", (data: { id: string }) => data.id === ticket.id);
    const last = await lastStreamSeq(t.testBus.nc, t.testBus.bus);
    await eventually(() => replicas.every((running) => running.ticketFeed.position >= last));
    return ticket;
  }
  const versionsOf = (client: EventStreamClient) =>
    client.events.map((event) => (JSON.parse(event.data) as TicketJson).version);

  it("passes the stream's headers on and adds no compression", async () => {
    const client = await follow();

    expect(client.status).toBe(200);
    expect(client.headers["content-type"]).toBe("text/event-stream");
    expect(client.headers["x-accel-buffering"]).toBe("no");
    expect(client.headers["cache-control"]).toBe("no-cache");
    expect(client.headers["content-encoding"]).toBeUndefined();
  });

  it("passes each small event on at once, while the stream stays open", async () => {
    const ticket = await listTicket("Gateway");
    const client = await follow(`?ids=${ticket.id}`);

    for (let version = 1; version <= 3; version++) {
      await call("PUT", `/api/tickets/${ticket.id}`, { title: `v${version}`, price: 20 });
      const answeredAt = performance.now();

      // A few hundred bytes each: a proxy that buffered would hold them back until the end.
      await client.waitForEvents(version, { timeoutMs: 1_000 });
      expect(versionsOf(client)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
      expect(client.ended).toBe(false);
      expect((client.events.at(-1)?.receivedAt ?? Infinity) - answeredAt).toBeLessThan(1_000);
    }
  });

  it("resumes on whichever replica the reconnect reaches, from the event's id", async () => {
    const leaving = await t.replica();
    const rolling = createGateway({
      routes: [{ prefix: "/api/tickets", targets: [leaving.url, stayingUrl] }],
    });
    await listen(rolling, 0, "127.0.0.1");
    const rollingBase = `http://127.0.0.1:${(rolling.address() as AddressInfo).port}`;
    try {
      const ticket = await listTicket("Moving", [t.deps, replica.deps, leaving.deps]);
      const updates = `${rollingBase}/api/tickets/updates?ids=${ticket.id}`;
      const first = await openEventStream(updates);
      clients.push(first);
      await eventually(() => leaving.deps.eventStreams.size === 1);
      await call("PUT", `/api/tickets/${ticket.id}`, { title: "v1", price: 20 });
      const [seen] = await first.waitForEvents(1);

      // The replica serving the stream shuts down; a change happens before the client is back.
      leaving.deps.eventStreams.closeAll();
      await eventually(() => first.ended);
      await call("PUT", `/api/tickets/${ticket.id}`, { title: "v2", price: 20 });
      // As EventSource does: reconnect with the last id until a replica keeps the stream open.
      const resumed = await eventually(async () => {
        const client = await openEventStream(updates, { lastEventId: seen?.id });
        clients.push(client);
        await client.waitForEvents(1, { timeoutMs: 1_000 });
        return !client.ended && client;
      });
      await call("PUT", `/api/tickets/${ticket.id}`, { title: "v3", price: 20 });

      await resumed.waitForEvents(2);
      expect(versionsOf(resumed)).toEqual([2, 3]);
    } finally {
      await close(rolling, 100);
    }
  });

  it("ends its open streams when it closes, instead of waiting out the grace period", async () => {
    const closing = createGateway({ routes: [{ prefix: "/api/tickets", targets: [stayingUrl] }] });
    await listen(closing, 0, "127.0.0.1");
    const client = await openEventStream(
      `http://127.0.0.1:${(closing.address() as AddressInfo).port}/api/tickets/updates`,
    );
    clients.push(client);
    expect(client.status).toBe(200);

    const began = performance.now();
    await close(closing, 30_000);

    expect(performance.now() - began).toBeLessThan(10_000);
    await eventually(() => client.ended);
  });
});
