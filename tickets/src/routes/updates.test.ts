import { randomUUID } from "node:crypto";
import { lastStreamSeq, TicketUpdated } from "@microtickets/common";
import { eventually } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TicketJson } from "../domain/ticket-json.js";
import {
  type EventStreamClient,
  openEventStream,
  type ReceivedEvent,
} from "../live/event-stream-client.js";
import type { TicketFeed } from "../live/ticket-feed.js";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

describe("GET /api/tickets/updates", () => {
  let t: TicketsTestApp;
  let seller: { user: { id: string }; cookie: string };
  let url: string;
  const clients: EventStreamClient[] = [];
  const feeds: TicketFeed[] = [];

  beforeAll(async () => {
    t = await createTicketsTestApp("updates");
    seller = await t.sessions.signIn();
    url = t.url;
    feeds.push(t.deps.ticketFeed);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function startReplica(env: Parameters<TicketsTestApp["replica"]>[0] = {}) {
    const replica = await t.replica(env);
    feeds.push(replica.deps.ticketFeed);
    return replica;
  }

  async function follow(base: string, query = "", lastEventId?: string) {
    const client = await openEventStream(`${base}/api/tickets/updates${query}`, { lastEventId });
    clients.push(client);
    return client;
  }

  const put = (id: string, body: object, app = t.app) =>
    request(app).put(`/api/tickets/${id}`).set("Cookie", seller.cookie).send(body).expect(200);
  /** A new ticket whose creation every feed has read already: a stream opened now won't get it. */
  async function listOwn(title = "Concert") {
    const ticket = await t.listTicket({ title, price: 20 }, seller.cookie);
    await t.events.waitFor("ticket.created", (data: { id: string }) => data.id === ticket.id);
    await feedsCaughtUp();
    return ticket;
  }
  /** Resolves once every feed has read all that is on the stream now. */
  async function feedsCaughtUp() {
    const last = await lastStreamSeq(t.testBus.nc, t.testBus.bus);
    await eventually(() => feeds.every((feed) => feed.position >= last));
  }
  const ticketOf = (event: ReceivedEvent) => JSON.parse(event.data) as TicketJson;
  const versionsOf = (client: EventStreamClient, ticketId: string) =>
    client.events
      .map(ticketOf)
      .filter((ticket) => ticket.id === ticketId)
      .map((t) => t.version);

  it("opens an event stream that no proxy may buffer or compress", async () => {
    const client = await follow(url);

    expect(client.status).toBe(200);
    expect(client.headers["content-type"]).toBe("text/event-stream");
    expect(client.headers["cache-control"]).toBe("no-cache");
    expect(client.headers["x-accel-buffering"]).toBe("no");
    expect(client.headers["content-encoding"]).toBeUndefined();
  });

  it("sends each change as an event: the Ticket JSON, the stream sequence as its id", async () => {
    const client = await follow(url);

    const listed = await listOwn("Opera");
    const edited = (await put(listed.id, { title: "Opera, box", price: 45.5, venue: "Met" }))
      .body as TicketJson;

    const [created, updated] = await client.waitForEvents(2);
    expect(created?.event).toBe("ticket");
    expect(ticketOf(created as ReceivedEvent)).toEqual(listed);
    expect(ticketOf(updated as ReceivedEvent)).toEqual(edited);
    const jsm = await t.testBus.js.jetstreamManager();
    const stored = await jsm.streams.getMessage(t.testBus.bus.stream, { seq: Number(updated?.id) });
    expect(stored?.subject).toMatch(/ticket\.updated$/);
    expect(stored?.json<{ data: { id: string; version: number } }>().data).toMatchObject({
      id: listed.id,
      version: 1,
    });
    expect(Number(created?.id)).toBeLessThan(Number(updated?.id));
  });

  it("sends only the listed tickets' changes when asked for some", async () => {
    const [followed, other] = [await listOwn("Followed"), await listOwn("Other")];
    const client = await follow(url, `?ids=${randomUUID()},${followed.id.toUpperCase()}`);

    await put(other.id, { title: "Other, edited", price: 20 });
    await put(followed.id, { title: "Followed, edited", price: 20 });

    // The two edits reach the stream in order: once the second is here, the first was skipped.
    const [only] = await client.waitForEvents(1);
    expect(ticketOf(only as ReceivedEvent)).toMatchObject({ id: followed.id, version: 1 });
    expect(client.events).toHaveLength(1);
  });

  it("first sends the followed tickets as they are when asked for a snapshot, then their changes", async () => {
    const [edited, untouched] = [await listOwn("Snapshot"), await listOwn("Untouched")];
    // A change the page's render did not see, made before its stream opened.
    await put(edited.id, { title: "Snapshot, edited", price: 21 });
    await t.events.waitFor("ticket.updated", (data: { id: string }) => data.id === edited.id);
    await feedsCaughtUp();
    const client = await follow(
      url,
      `?ids=${edited.id},${untouched.id},${randomUUID()}&snapshot=1`,
    );

    const snapshot = await client.waitForEvents(2);
    expect(snapshot.map((event) => event.id)).toEqual([undefined, undefined]);
    expect(snapshot.map(ticketOf).sort((a, b) => a.version - b.version)).toMatchObject([
      { id: untouched.id, version: 0 },
      { id: edited.id, version: 1, price: 21 },
    ]);

    await put(edited.id, { title: "Snapshot, again", price: 22 });
    const [, , change] = await client.waitForEvents(3);
    expect(change?.id).toMatch(/^\d+$/);
    expect(ticketOf(change as ReceivedEvent)).toMatchObject({ id: edited.id, version: 2 });
  });

  it("refuses ids that are not 1 to 100 ticket ids with 400 naming the field", async () => {
    const bad = [
      "?ids=not-an-id",
      "?ids=",
      `?ids=${randomUUID()},,${randomUUID()}`,
      `?ids=${Array.from({ length: 101 }, () => randomUUID()).join(",")}`,
      `?ids=${randomUUID()}&ids=${randomUUID()}`,
    ];
    for (const query of bad) {
      const res = await request(t.app).get(`/api/tickets/updates${query}`).expect(400);
      expect(res.body).toEqual({ errors: [{ field: "ids", message: expect.any(String) }] });
    }
  });

  it("resumes after Last-Event-ID from memory, without loss or duplicates", async () => {
    const ticket = await listOwn();
    const first = await follow(url, `?ids=${ticket.id}`);
    await put(ticket.id, { title: "v1", price: 20 });
    const [seen] = await first.waitForEvents(1);
    first.close();

    await put(ticket.id, { title: "v2", price: 20 });
    await put(ticket.id, { title: "v3", price: 20 });
    const again = await follow(url, `?ids=${ticket.id}`, seen?.id);
    await put(ticket.id, { title: "v4", price: 20 });

    await again.waitForEvents(3);
    expect(versionsOf(again, ticket.id)).toEqual([2, 3, 4]);
  });

  it("resumes from the stream a position older than the changes it keeps in memory", async () => {
    const replica = await startReplica({ TICKET_FEED_RECENT_CHANGES: "1" });
    const replicaUrl = replica.url;
    const ticket = await listOwn();
    const first = await follow(replicaUrl, `?ids=${ticket.id}`);
    await put(ticket.id, { title: "v1", price: 20 });
    const [seen] = await first.waitForEvents(1);
    first.close();

    for (const title of ["v2", "v3", "v4"]) await put(ticket.id, { title, price: 20 });
    await eventually(() => replica.deps.ticketFeed.position >= Number(seen?.id) + 3);
    const again = await follow(replicaUrl, `?ids=${ticket.id}`, seen?.id);
    await put(ticket.id, { title: "v5", price: 20 });

    await again.waitForEvents(4);
    expect(versionsOf(again, ticket.id)).toEqual([2, 3, 4, 5]);
  });

  it("ignores a Last-Event-ID that is not a position and sends what comes next", async () => {
    const ticket = await listOwn();
    const client = await follow(url, `?ids=${ticket.id}`, "yesterday");

    await put(ticket.id, { title: "v1", price: 20 });

    await client.waitForEvents(1);
    expect(client.status).toBe(200);
    expect(versionsOf(client, ticket.id)).toEqual([1]);
  });

  it("starts afresh from a Last-Event-ID the stream never reached (a stream since replaced)", async () => {
    const ticket = await listOwn();
    const client = await follow(url, `?ids=${ticket.id}`, "999999999");

    await put(ticket.id, { title: "v1", price: 20 });

    await client.waitForEvents(1);
    expect(versionsOf(client, ticket.id)).toEqual([1]);
  });

  it("sends a comment line between changes so idle proxies keep the stream open", async () => {
    const replica = await startReplica({ EVENT_STREAM_HEARTBEAT_MS: "30" });
    const client = await follow(replica.url);

    await eventually(() => client.comments.length >= 2);
    expect(client.comments).toContain("keep-alive");
    expect(client.ended).toBe(false);
  });

  it("drops a client that stopped reading instead of buffering for it without bound", async () => {
    const replica = await startReplica({ EVENT_STREAM_MAX_QUEUED_CHANGES: "5" });
    const replicaUrl = replica.url;
    const ticketId = randomUUID();
    const reading = await follow(replicaUrl, `?ids=${ticketId}`);
    const stalled = await follow(replicaUrl, `?ids=${ticketId}`);
    stalled.pause();
    await eventually(() => replica.deps.eventStreams.size === 2);

    // Big changes, so the socket buffers fill with a few of them.
    const title = "x".repeat(200_000);
    let version = 0;
    await eventually(
      async () => {
        await t.publish(
          TicketUpdated.build({
            id: ticketId,
            title,
            priceCents: 2_000,
            userId: seller.user.id,
            version: ++version,
            status: "available",
            orderId: null,
            category: "other",
            venue: "",
            startsAt: null,
          }),
        );
        return replica.deps.eventStreams.size === 1;
      },
      { timeoutMs: 15_000, intervalMs: 0 },
    );

    expect(version).toBeLessThan(500);
    await reading.waitForEvents(version, { timeoutMs: 10_000 });
    expect(versionsOf(reading, ticketId)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
    expect(reading.ended).toBe(false);
  }, 30_000);

  it("delivers every change on every replica, whichever replica made it", async () => {
    const replica = await startReplica();
    const onA = await follow(url);
    const onB = await follow(replica.url);
    const ticket = await t.listTicket({ title: "Concert", price: 20 }, seller.cookie);

    await put(ticket.id, { title: "edited on A", price: 20 });
    await put(ticket.id, { title: "edited on B", price: 21 }, replica.app);
    await put(ticket.id, { title: "edited on A again", price: 22 });

    for (const client of [onA, onB]) {
      await eventually(() => versionsOf(client, ticket.id).length === 4);
      expect(versionsOf(client, ticket.id)).toEqual([0, 1, 2, 3]);
    }
    expect(onB.events.map((event) => event.id)).toEqual(onA.events.map((event) => event.id));
  });

  it("forgets a client that disconnects", async () => {
    const replica = await startReplica();
    const client = await follow(replica.url);
    await eventually(
      () => replica.deps.ticketFeed.followers === 1 && replica.deps.eventStreams.size === 1,
    );

    client.close();

    await eventually(
      () => replica.deps.ticketFeed.followers === 0 && replica.deps.eventStreams.size === 0,
    );
  });

  it("ends its streams on shutdown, so the server can close", async () => {
    const replica = await startReplica();
    const client = await openEventStream(`${replica.url}/api/tickets/updates`);
    await eventually(() => replica.deps.eventStreams.size === 1);

    await replica.stop();

    await eventually(() => client.ended);
    expect(replica.deps.eventStreams.size).toBe(0);
  });
});
