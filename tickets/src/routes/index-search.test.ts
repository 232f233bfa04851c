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

describe("GET /api/tickets searching (q) and filtering (category)", () => {
  let t: TicketsTestApp;
  const titles = (res: Response) => res.body.map((ticket: TicketJson) => ticket.title);
  const search = (query: Record<string, string | string[]>) =>
    request(t.app).get("/api/tickets").query(query);

  beforeAll(async () => {
    t = await createTicketsTestApp("search");
    const { cookie } = await t.sessions.signIn();
    const list = (title: string, category: string, venue: string) =>
      t.listTicket({ title, price: 10, category, venue }, cookie);
    await list("Beyoncé World Tour", "concerts", "Stade de France");
    await list("Hamlet", "theatre", "Old Vic");
    await list("Springsteen Live", "concerts", "Madison Square Garden");
    await list("Knicks v Celtics", "sports", "Madison Square Garden");
    await list("Jazz night", "concerts", "Blue Note");
    const held = await list("Madison Square Garden tour", "concerts", "");
    await t.publish(sampleOrder({ ticketId: held.id }).created());
    await t.ticketWhen(held.id, (ticket) => ticket.status === "reserved");
    for (let i = 1; i <= 5; i++) await list(`Quiz night ${i}`, "comedy", "The Crown");
  });
  afterAll(() => t?.close());

  it("finds the available tickets whose title or venue holds every word, newest first", async () => {
    const res = await search({ q: "madison garden" }).expect(200);
    expect(titles(res)).toEqual(["Knicks v Celtics", "Springsteen Live"]);
    expect(res.headers.link).toBeUndefined();
  });

  it("leaves a ticket out when one word is missing from both its title and its venue", async () => {
    expect(titles(await search({ q: "madison celtics" }).expect(200))).toEqual([
      "Knicks v Celtics",
    ]);
    expect(await search({ q: "hamlet jazz" }).expect(200)).toHaveProperty("body", []);
  });

  it("matches words in any case, with or without their accents", async () => {
    expect(titles(await search({ q: "BEYONCE" }).expect(200))).toEqual(["Beyoncé World Tour"]);
    expect(titles(await search({ q: "beyoncé stade" }).expect(200))).toEqual([
      "Beyoncé World Tour",
    ]);
  });

  it("matches whole words, not the beginning or the middle of one", async () => {
    expect((await search({ q: "spring" }).expect(200)).body).toEqual([]);
    expect((await search({ q: "steen" }).expect(200)).body).toEqual([]);
  });

  it("reads a tab, a newline or a NUL in the search as a space", async () => {
    for (const q of ["madison\tgarden", "madison\ngarden", "madison\u0000garden"]) {
      expect(titles(await search({ q }).expect(200))).toEqual([
        "Knicks v Celtics",
        "Springsteen Live",
      ]);
    }
  });

  it("answers an empty page to a search of punctuation alone", async () => {
    const res = await search({ q: "!!! -- ?" }).expect(200);
    expect(res.body).toEqual([]);
    expect(res.headers.link).toBeUndefined();
  });

  it("filters by category, alone and with a search", async () => {
    expect(titles(await search({ category: "sports" }).expect(200))).toEqual(["Knicks v Celtics"]);
    expect(titles(await search({ q: "madison", category: "concerts" }).expect(200))).toEqual([
      "Springsteen Live",
    ]);
    expect((await search({ category: "festivals" }).expect(200)).body).toEqual([]);
  });

  it("pages through a search, each Link keeping q, category and limit", async () => {
    const seen: string[] = [];
    const links: string[] = [];
    let url: string | undefined = "/api/tickets?q=quiz%20night&category=comedy&limit=2";
    while (url) {
      const res = await request(t.app).get(url).expect(200);
      seen.push(...titles(res));
      if (res.headers.link) links.push(res.headers.link);
      url = nextPage(res);
    }
    expect(seen).toEqual([
      "Quiz night 5",
      "Quiz night 4",
      "Quiz night 3",
      "Quiz night 2",
      "Quiz night 1",
    ]);
    expect(links).toHaveLength(2);
    for (const link of links) {
      expect(link).toMatch(
        /^<\/api\/tickets\?q=quiz\+night&category=comedy&limit=2&cursor=[A-Za-z0-9_-]+>; rel="next"$/,
      );
    }
  });

  it("accepts a search of exactly 100 characters, each emoji counted once", async () => {
    await search({ q: "🎫".repeat(100) }).expect(200);
    await search({ q: `  ${"x".repeat(100)}  ` }).expect(200);
  });

  it.each([
    ["an empty search", { q: "" }, "q"],
    ["a search of spaces", { q: "   " }, "q"],
    ["a search over 100 characters", { q: "x".repeat(101) }, "q"],
    ["a repeated search", { q: ["a", "b"] }, "q"],
    ["an unknown category", { category: "opera" }, "category"],
    ["an empty category", { category: "" }, "category"],
    ["a category in capitals", { category: "Sports" }, "category"],
    ["a repeated category", { category: ["sports", "comedy"] }, "category"],
    ["a seller other than me", { seller: "0b8e3f5c-6a43-4f4e-9d6e-0a1b2c3d4e5f" }, "seller"],
  ])("refuses %s with 400 naming the field", async (_, query, field) => {
    const res = await search(query).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
  });

  it("names every bad parameter at once", async () => {
    const res = await search({ q: "", category: "opera", limit: "0" }).expect(400);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual([
      "limit",
      "q",
      "category",
    ]);
  });
});
