import { sampleOrder } from "@microtickets/common/testing";
import request, { type Response } from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "../domain/cursor.js";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

/** The next page's URL from the Link header; undefined on the last page. */
function nextPage(res: Response): string | undefined {
  const link = res.headers.link as string | undefined;
  return link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
}

describe("GET /api/tickets", () => {
  let t: TicketsTestApp;
  /** Listed oldest first. */
  const listed: string[] = [];
  let reservedId: string;
  let soldId: string;

  beforeAll(async () => {
    t = await createTicketsTestApp("index");
    const seller = await t.sessions.signIn();
    for (let i = 0; i < 12; i++) {
      const ticket = await t.listTicket({ title: `Show ${i}`, price: 10 + i }, seller.cookie);
      listed.push(ticket.id);
    }
    reservedId = (await t.listTicket()).id;
    soldId = (await t.listTicket()).id;
    const reserving = sampleOrder({ ticketId: reservedId });
    const buying = sampleOrder({ ticketId: soldId });
    await t.publish(reserving.created());
    await t.publish(buying.completed());
    await t.ticketWhen(reservedId, (ticket) => ticket.status === "reserved");
    await t.ticketWhen(soldId, (ticket) => ticket.status === "sold");
  });
  afterAll(() => t?.close());

  it("lists only available tickets, newest first, without a next link when all fit", async () => {
    const res = await request(t.app).get("/api/tickets").expect(200);
    expect(res.body.map((ticket: { id: string }) => ticket.id)).toEqual([...listed].reverse());
    expect(res.body.every((ticket: { status: string }) => ticket.status === "available")).toBe(
      true,
    );
    expect(res.body[0]).toMatchObject({ title: "Show 11", price: 21, orderId: null, version: 0 });
    expect(res.headers.link).toBeUndefined();
  });

  it("chains pages through the Link header until the last page, which has none", async () => {
    const seen: string[] = [];
    const links: string[] = [];
    let url: string | undefined = "/api/tickets?limit=5";
    while (url) {
      const res = await request(t.app).get(url).expect(200);
      seen.push(...res.body.map((ticket: { id: string }) => ticket.id));
      if (res.headers.link) links.push(res.headers.link);
      url = nextPage(res);
      expect(res.body.length).toBe(url ? 5 : 2);
    }
    expect(seen).toEqual([...listed].reverse());
    expect(links).toHaveLength(2);
    expect(links[0]).toMatch(/^<\/api\/tickets\?limit=5&cursor=[A-Za-z0-9_-]+>; rel="next"$/);
  });

  it("has no next link when the last page is exactly full", async () => {
    const res = await request(t.app).get("/api/tickets?limit=12").expect(200);
    expect(res.body).toHaveLength(12);
    expect(res.headers.link).toBeUndefined();
  });

  it("keeps its place when a ticket on an earlier page is reserved meanwhile", async () => {
    const first = await request(t.app).get("/api/tickets?limit=3").expect(200);
    const next = nextPage(first) as string;
    const firstIds = first.body.map((ticket: { id: string }) => ticket.id);
    const order = sampleOrder({ ticketId: firstIds[0] });
    await t.publish(order.created());
    await t.ticketWhen(firstIds[0], (ticket) => ticket.status === "reserved");
    const second = await request(t.app).get(next).expect(200);
    expect(second.body.map((ticket: { id: string }) => ticket.id)).toEqual(
      [...listed].reverse().slice(3, 6),
    );
    await t.publish(order.cancelled());
    await t.ticketWhen(firstIds[0], (ticket) => ticket.status === "available");
  });

  it.each(["0", "101", "-1", "1.5", "ten", "", "1e2"])(
    "refuses limit=%s with 400 naming the field",
    async (limit) => {
      const res = await request(t.app).get(`/api/tickets?limit=${limit}`).expect(400);
      expect(res.body.errors).toEqual([{ message: expect.any(String), field: "limit" }]);
    },
  );

  it("accepts the limits 1 and 100", async () => {
    const one = await request(t.app).get("/api/tickets?limit=1").expect(200);
    expect(one.body).toHaveLength(1);
    await request(t.app).get("/api/tickets?limit=100").expect(200);
  });

  it("refuses a repeated limit with 400", async () => {
    await request(t.app).get("/api/tickets?limit=5&limit=6").expect(400);
  });

  it.each([
    ["garbage", "not a cursor!"],
    ["empty", ""],
    ["base64url of nonsense", Buffer.from("hello").toString("base64url")],
    ["tampered", "tampered"],
  ])("refuses a %s cursor with 400 naming the field", async (_, cursor) => {
    const res = await request(t.app).get("/api/tickets").query({ cursor }).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field: "cursor" }]);
  });

  it("refuses a cursor this listing gave once it has been edited", async () => {
    const first = await request(t.app).get("/api/tickets?limit=2").expect(200);
    const cursor = new URLSearchParams(nextPage(first)?.split("?")[1]).get("cursor") as string;
    const [createdAt] = Buffer.from(cursor, "base64url").toString().split("|");
    const injected = Buffer.from(`${createdAt}|' OR 1=1 --`).toString("base64url");
    const res = await request(t.app).get(`/api/tickets?cursor=${injected}`).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field: "cursor" }]);
  });

  it("answers an empty page after a cursor past the oldest ticket", async () => {
    const cursor = encodeCursor({
      createdAt: "2000-01-01T00:00:00.000000Z",
      id: "00000000-0000-0000-0000-000000000000",
    });
    const res = await request(t.app).get(`/api/tickets?cursor=${cursor}`).expect(200);
    expect(res.body).toEqual([]);
    expect(res.headers.link).toBeUndefined();
  });
});
