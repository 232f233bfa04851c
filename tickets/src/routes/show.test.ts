import { randomUUID } from "node:crypto";
import { sampleOrder } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

describe("GET /api/tickets/:id", () => {
  let t: TicketsTestApp;
  beforeAll(async () => {
    t = await createTicketsTestApp("show");
  });
  afterAll(() => t?.close());

  it("shows a ticket to anyone, signed in or not", async () => {
    const ticket = await t.listTicket({ title: "Jazz night", price: 42.5 });
    const res = await request(t.app).get(`/api/tickets/${ticket.id}`).expect(200);
    expect(res.body).toEqual({ ...ticket, title: "Jazz night", price: 42.5, status: "available" });
  });

  it("shows a reserved ticket with the order that holds it", async () => {
    const ticket = await t.listTicket();
    const order = sampleOrder({ ticketId: ticket.id });
    await t.publish(order.created());
    const reserved = await t.ticketWhen(ticket.id, (shown) => shown.status === "reserved");
    expect(reserved).toEqual({ ...ticket, status: "reserved", orderId: order.id, version: 1 });
  });

  it("answers the same 404 for an unknown id and a malformed one", async () => {
    const unknown = await request(t.app).get(`/api/tickets/${randomUUID()}`).expect(404);
    expect(unknown.body).toEqual({ errors: [{ message: "Ticket not found" }] });
    for (const malformed of ["42", "not-a-uuid", `${randomUUID()}x`, "%27%20OR%201%3D1"]) {
      const res = await request(t.app).get(`/api/tickets/${malformed}`).expect(404);
      expect(res.body).toEqual(unknown.body);
    }
  });

  it("reports ready when its database and NATS answer", async () => {
    const res = await request(t.app).get("/readyz").expect(200);
    expect(res.body).toEqual({ status: "ready", checks: { database: "ok", nats: "ok" } });
  });
});
