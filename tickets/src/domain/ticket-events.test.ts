import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Ticket } from "./ticket.js";
import { ticketCreated, ticketFromEvent, ticketUpdated } from "./ticket-events.js";
import { ticketJson } from "./ticket-json.js";

const listed: Ticket = {
  id: randomUUID(),
  title: "Hamlet",
  priceCents: 4_550,
  userId: randomUUID(),
  status: "available",
  orderId: null,
  version: 0,
  category: "theatre",
  venue: "Old Vic",
  startsAt: new Date("2031-06-01T19:30:00.000Z"),
};
const reserved: Ticket = { ...listed, status: "reserved", orderId: randomUUID(), version: 1 };

describe("a ticket's events", () => {
  it("carry the event it is for, its date as ISO 8601 with milliseconds", () => {
    expect(ticketCreated(listed).data).toMatchObject({
      category: "theatre",
      venue: "Old Vic",
      startsAt: "2031-06-01T19:30:00.000Z",
    });
    expect(ticketUpdated({ ...reserved, startsAt: null }).data.startsAt).toBeNull();
  });

  it("give back the ticket they describe, as the API shows it", () => {
    expect(ticketJson(ticketFromEvent(ticketCreated(listed).data))).toEqual(ticketJson(listed));
    expect(ticketJson(ticketFromEvent(ticketUpdated(reserved).data))).toEqual(ticketJson(reserved));
  });

  it("read a ticket.created as available and held by no order", () => {
    expect(ticketFromEvent(ticketCreated(listed).data)).toMatchObject({
      status: "available",
      orderId: null,
    });
  });
});
