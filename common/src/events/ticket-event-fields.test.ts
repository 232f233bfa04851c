import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TicketCreated } from "./ticket-created.js";
import { TicketUpdated } from "./ticket-updated.js";

const listed = {
  id: randomUUID(),
  title: "Concert",
  priceCents: 2_000,
  userId: randomUUID(),
  version: 0,
};
const updated = { ...listed, version: 1, status: "reserved", orderId: randomUUID() };

describe("the event a ticket is for, in ticket.created and ticket.updated", () => {
  it.each([
    ["ticket.created", TicketCreated, listed],
    ["ticket.updated", TicketUpdated, updated],
  ] as const)(
    "reads a %s published before the fields existed with their defaults",
    (_, event, data) => {
      expect(event.schema.parse(data)).toEqual({
        ...data,
        category: "other",
        venue: "",
        startsAt: null,
      });
    },
  );

  it("carries the fields when given", () => {
    const fields = { category: "theatre", venue: "Old Vic", startsAt: "2030-06-01T19:30:00.000Z" };
    expect(TicketCreated.schema.parse({ ...listed, ...fields })).toEqual({ ...listed, ...fields });
    expect(TicketUpdated.schema.parse({ ...updated, ...fields })).toEqual({
      ...updated,
      ...fields,
    });
  });

  it.each([
    ["an unknown category", { category: "opera" }],
    ["a venue over 200 characters", { venue: "x".repeat(201) }],
    ["a date that is not ISO 8601", { startsAt: "June 1st" }],
  ])("refuses %s", (_, fields) => {
    expect(TicketCreated.schema.safeParse({ ...listed, ...fields }).success).toBe(false);
    expect(TicketUpdated.schema.safeParse({ ...updated, ...fields }).success).toBe(false);
  });
});
