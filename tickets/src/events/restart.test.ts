import { sampleOrder } from "@microtickets/common/testing";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketsTestApp, type TicketsTestApp } from "../test-app.js";

describe("a restart of the listeners and the outbox relay", () => {
  let t: TicketsTestApp;
  beforeAll(async () => {
    t = await createTicketsTestApp("restart");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("applies and publishes, after the start, what was committed while they were stopped", async () => {
    const before = await t.listTicket();
    await t.events.waitFor("ticket.created", (data) => data.id === before.id);
    await t.messaging.stop();

    // While stopped: a ticket listed (its event waits in the outbox) and an order placed.
    const during = await t.listTicket();
    const order = sampleOrder({ ticketId: before.id });
    await t.publish(order.created());
    const pending = await t.db.query(
      "SELECT subject FROM outbox WHERE published_at IS NULL AND data->>'id' = $1",
      [during.id],
    );
    expect(pending.rows).toEqual([{ subject: "ticket.created" }]);
    await request(t.app).get("/readyz").expect(503);

    await t.messaging.start();
    const created = await t.events.waitFor("ticket.created", (data) => data.id === during.id);
    expect(created.data).toMatchObject({ version: 0 });
    const reserved = await t.ticketWhen(before.id, (shown) => shown.status === "reserved");
    expect(reserved).toMatchObject({ orderId: order.id, version: 1 });
    await t.events.waitFor("ticket.updated", (data) => data.id === before.id);
    await request(t.app).get("/readyz").expect(200);
  });
});
