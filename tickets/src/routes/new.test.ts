import { eventually } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

describe("POST /api/tickets", () => {
  let t: TicketsTestApp;
  let seller: { user: { id: string }; cookie: string };
  beforeAll(async () => {
    t = await createTicketsTestApp("new");
    seller = await t.sessions.signIn();
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (body: unknown, cookie = seller.cookie) =>
    request(t.app)
      .post("/api/tickets")
      .set("Cookie", cookie)
      .send(body as object);

  it("lists an available ticket at version 0 for the signed-in seller", async () => {
    const res = await post({ title: "  Concert  ", price: 19.99 }).expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: "Concert",
      price: 19.99,
      userId: seller.user.id,
      version: 0,
      orderId: null,
      status: "available",
      category: "other",
      venue: "",
      startsAt: null,
    });
    await request(t.app).get(`/api/tickets/${res.body.id}`).expect(200, res.body);
  });

  it("publishes ticket.created with the exact cents, through the outbox", async () => {
    const res = await post({ title: "Opera", price: "0.57" }).expect(201);
    const event = await t.events.waitFor("ticket.created", (data) => data.id === res.body.id);
    expect(event.data).toEqual({
      id: res.body.id,
      title: "Opera",
      priceCents: 57,
      userId: seller.user.id,
      version: 0,
      category: "other",
      venue: "",
      startsAt: null,
    });
    // The relay marks the row once JetStream acked it, a moment after subscribers may see it.
    await eventually(async () => {
      const { rows } = await t.db.query("SELECT published_at FROM outbox WHERE id = $1", [
        event.id,
      ]);
      return rows[0]?.published_at;
    });
  });

  it("lists the event a ticket is for, trimmed, the date as ISO 8601 in UTC with milliseconds", async () => {
    const res = await post({
      title: "Hamlet",
      price: 45,
      category: "theatre",
      venue: "  Old Vic, London ",
      startsAt: "2031-06-01T21:30:00+02:00",
    }).expect(201);
    expect(res.body).toMatchObject({
      category: "theatre",
      venue: "Old Vic, London",
      startsAt: "2031-06-01T19:30:00.000Z",
    });
    await request(t.app).get(`/api/tickets/${res.body.id}`).expect(200, res.body);
    const event = await t.events.waitFor("ticket.created", (data) => data.id === res.body.id);
    expect(event.data).toMatchObject({
      category: "theatre",
      venue: "Old Vic, London",
      startsAt: "2031-06-01T19:30:00.000Z",
    });
  });

  it("takes an explicit null date and a blank venue as none", async () => {
    const res = await post({ title: "Open air", price: 5, venue: "   ", startsAt: null }).expect(
      201,
    );
    expect(res.body).toMatchObject({ category: "other", venue: "", startsAt: null });
  });

  it("accepts a venue of exactly 200 characters, emoji counted once", async () => {
    const res = await post({ title: "Big venue", price: 5, venue: "🏟".repeat(200) }).expect(201);
    expect(res.body.venue).toBe("🏟".repeat(200));
  });

  it.each(["concerts", "sports", "theatre", "comedy", "festivals", "other"])(
    "accepts the category %s",
    async (category) => {
      const res = await post({ title: "Any", price: 5, category }).expect(201);
      expect(res.body.category).toBe(category);
    },
  );

  it.each([
    ["an unknown category", "category", "opera"],
    ["a category in capitals", "category", "Concerts"],
    ["an empty category", "category", ""],
    ["a null category", "category", null],
    ["a category that is not text", "category", 3],
    ["a venue over 200 characters", "venue", "x".repeat(201)],
    ["a venue with a control character", "venue", "Hall\nB"],
    ["a venue that is not text", "venue", 42],
    ["a null venue", "venue", null],
    ["a date in the past", "startsAt", "2001-06-01T20:00:00Z"],
    ["a date without a time zone", "startsAt", "2031-06-01T20:00:00"],
    ["a date that does not exist", "startsAt", "2031-02-30T20:00:00Z"],
    ["a date in words", "startsAt", "next Friday"],
    ["an empty date", "startsAt", ""],
    ["a timestamp in milliseconds", "startsAt", 1_950_000_000_000],
  ])("refuses %s with 400 naming %s, and stores nothing", async (_, field, value) => {
    const before = await t.db.query("SELECT count(*)::int AS n FROM tickets");
    const res = await post({ title: "Concert", price: 10, [field]: value }).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field }]);
    const after = await t.db.query("SELECT count(*)::int AS n FROM tickets");
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("says why a date is refused: its form, or that it has passed", async () => {
    const unzoned = await post({ title: "x", price: 1, startsAt: "2031-06-01T20:00" }).expect(400);
    expect(unzoned.body.errors[0].message).toMatch(/time zone/);
    const past = await post({ title: "x", price: 1, startsAt: "2001-06-01T20:00Z" }).expect(400);
    expect(past.body.errors[0].message).toBe("Date must be in the future");
  });

  it.each([
    [0.5, 50],
    ["0.50", 50],
    [0.57, 57],
    [19.99, 1_999],
    ["19.99", 1_999],
    [999_999.99, 99_999_999],
    ["999999.99", 99_999_999],
  ])("stores the price %j exactly and returns it unchanged", async (price, cents) => {
    const res = await post({ title: "Exact", price }).expect(201);
    expect(res.body.price).toBe(Number(price));
    const { rows } = await t.db.query("SELECT price_cents FROM tickets WHERE id = $1", [
      res.body.id,
    ]);
    expect(rows[0].price_cents).toBe(cents);
  });

  it.each([
    0.49,
    1_000_000,
    "1000000.00",
    1.005,
    "1.005",
    0,
    -5,
    "12,50",
    "abc",
    "",
    null,
    true,
    1e21,
    [10],
    { amount: 10 },
    undefined,
  ])("refuses the price %j with 400 naming the field", async (price) => {
    const res = await post({ title: "Bad price", price }).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field: "price" }]);
  });

  it.each([
    ["missing", undefined],
    ["not a string", 42],
    ["empty", ""],
    ["only spaces", "   \t "],
    ["over 200 characters", "x".repeat(201)],
    ["over 200 characters counting each emoji once", "🎫".repeat(201)],
    ["a control character", "front\u0000row"],
  ])("refuses a title %s with 400 naming the field", async (_, title) => {
    const res = await post({ title, price: 10 }).expect(400);
    expect(res.body.errors).toEqual([{ message: expect.any(String), field: "title" }]);
  });

  it("accepts a title of exactly 200 characters, emoji counted once", async () => {
    await post({ title: "x".repeat(200), price: 10 }).expect(201);
    const res = await post({ title: "🎫".repeat(200), price: 10 }).expect(201);
    expect(res.body.title).toBe("🎫".repeat(200));
  });

  it("names both fields when both are bad, and stores nothing", async () => {
    const before = await t.db.query("SELECT count(*)::int AS n FROM tickets");
    const res = await post({ title: "", price: 0.1 }).expect(400);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual([
      "title",
      "price",
    ]);
    const after = await t.db.query("SELECT count(*)::int AS n FROM tickets");
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it("answers 400 naming both fields to a request without a body", async () => {
    const res = await request(t.app)
      .post("/api/tickets")
      .set("Cookie", seller.cookie)
      .set("Content-Length", "0")
      .expect(400);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toEqual([
      "title",
      "price",
    ]);
  });

  it("refuses a visitor who is not signed in with 401", async () => {
    const res = await post({ title: "Concert", price: 10 }, "").expect(401);
    expect(res.body).toEqual({ errors: [{ message: "Not signed in" }] });
  });

  it("answers 415 to a body that is not JSON and 413 to one over 100 kB", async () => {
    await request(t.app)
      .post("/api/tickets")
      .set("Cookie", seller.cookie)
      .set("Content-Type", "text/plain")
      .send("title=x&price=1")
      .expect(415);
    const res = await post({ title: "big", price: 10, padding: "x".repeat(101 * 1024) }).expect(
      413,
    );
    expect(res.body).toEqual({ errors: [{ message: "Request body too large" }] });
  });
});
