import { sampleOrder } from "@microtickets/common/testing";
import request, { type Response } from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TicketJson } from "../domain/ticket-json.js";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

/** The next page's URL from the Link header; undefined on the last page. */
function nextPage(res: Response): string | undefined {
  const link = res.headers.link as string | undefined;
  return link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
}

describe("GET /api/tickets?seller=me", () => {
  let t: TicketsTestApp;
  let seller: { user: { id: string }; cookie: string };
  /** The seller's tickets, oldest first: available, reserved, sold, then two more available. */
  const mine: TicketJson[] = [];
  const ids = (res: Response) => res.body.map((ticket: TicketJson) => ticket.id);
  const newestFirst = () => [...mine].reverse().map((ticket) => ticket.id);

  beforeAll(async () => {
    t = await createTicketsTestApp("seller");
    seller = await t.sessions.signIn();
    const list = (title: string, category = "other") =>
      t.listTicket({ title, price: 10, category }, seller.cookie);
    mine.push(await list("Opera gala", "theatre"));
    const reserved = await list("Cup final", "sports");
    const sold = await list("Derby", "sports");
    mine.push(reserved, sold);
    await t.publish(sampleOrder({ ticketId: reserved.id }).created());
    const buying = sampleOrder({ ticketId: sold.id });
    await t.publish(buying.created());
    await t.publish(buying.completed());
    await t.ticketWhen(reserved.id, (ticket) => ticket.status === "reserved");
    await t.ticketWhen(sold.id, (ticket) => ticket.status === "sold");
    mine.push(await list("Opera matinee", "theatre"), await list("Comedy club", "comedy"));
    await t.listTicket({ title: "Someone else's opera", price: 10 });
  });
  afterAll(() => t?.close());

  const mineQuery = (query: Record<string, string> = {}, cookie = seller.cookie) =>
    request(t.app)
      .get("/api/tickets")
      .query({ seller: "me", ...query })
      .set("Cookie", cookie);

  it("lists the caller's own tickets in every status, newest first, and nobody else's", async () => {
    const res = await mineQuery().expect(200);
    expect(ids(res)).toEqual(newestFirst());
    expect(res.body.map((ticket: TicketJson) => ticket.status)).toEqual([
      "available",
      "available",
      "sold",
      "reserved",
      "available",
    ]);
    expect(res.headers.link).toBeUndefined();
  });

  it("pages them, each Link keeping seller=me", async () => {
    const seen: string[] = [];
    let url: string | undefined = "/api/tickets?seller=me&limit=2";
    while (url) {
      const res = await request(t.app).get(url).set("Cookie", seller.cookie).expect(200);
      seen.push(...ids(res));
      url = nextPage(res);
      if (url) expect(url).toMatch(/^\/api\/tickets\?seller=me&limit=2&cursor=[A-Za-z0-9_-]+$/);
    }
    expect(seen).toEqual(newestFirst());
  });

  it("filters them by search and category as the public listing does", async () => {
    const opera = await mineQuery({ q: "opera" }).expect(200);
    expect(opera.body.map((ticket: TicketJson) => ticket.title)).toEqual([
      "Opera matinee",
      "Opera gala",
    ]);
    const sports = await mineQuery({ category: "sports" }).expect(200);
    expect(sports.body.map((ticket: TicketJson) => ticket.title)).toEqual(["Derby", "Cup final"]);
  });

  it("shows another seller nothing of this one's", async () => {
    const stranger = await t.sessions.signIn();
    const res = await mineQuery({}, stranger.cookie).expect(200);
    expect(res.body).toEqual([]);
  });

  it("refuses a visitor who is not signed in with 401, before any 400", async () => {
    const res = await mineQuery({}, "").expect(401);
    expect(res.body).toEqual({ errors: [{ message: "Not signed in" }] });
    await mineQuery({ limit: "0" }, "").expect(401);
  });

  it("refuses a bad limit or cursor with 400 naming the field", async () => {
    const res = await mineQuery({ limit: "101", cursor: "nope" }).expect(400);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual([
      "limit",
      "cursor",
    ]);
  });
});
