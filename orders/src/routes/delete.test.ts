import { randomUUID } from "node:crypto";
import { PaymentCreated } from "@microtickets/common";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrdersTestApp, type OrdersTestApp } from "../test-app.js";

describe("DELETE /api/orders/:id", () => {
  let t: OrdersTestApp;
  beforeAll(async () => {
    t = await createOrdersTestApp("delete_order");
  });
  afterAll(() => t.close());

  const cancel = (id: string, cookie?: string) => {
    const req = request(t.app).delete(`/api/orders/${id}`);
    return cookie ? req.set("Cookie", cookie) : req;
  };
  const cancellations = async (id: string) =>
    (
      await t.db.query(
        "SELECT data FROM outbox WHERE subject = 'order.cancelled' AND data->>'id' = $1",
        [id],
      )
    ).rows;

  it("cancels an open order one version up and announces it, releasing the ticket", async () => {
    const ticket = await t.seedTicket();
    const { order, buyer } = await t.placeOrder(ticket.id);

    const res = await cancel(order.id, buyer.cookie).expect(204);

    expect(res.text).toBe("");
    expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 1 });
    const cancelled = await t.published("order.cancelled", (data) => data.id === order.id);
    expect(cancelled.data).toEqual({
      id: order.id,
      userId: buyer.user.id,
      version: 1,
      ticket: { id: ticket.id },
    });
  });

  it("answers 204 again to a repeated cancel, changing and announcing nothing more", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    await cancel(order.id, buyer.cookie).expect(204);

    await cancel(order.id, buyer.cookie).expect(204);

    expect(await t.stored(order.id)).toEqual({ status: "cancelled", version: 1 });
    expect(await cancellations(order.id)).toHaveLength(1);
  });

  it("refuses to cancel a complete order with 409 and leaves it complete", async () => {
    const { order, buyer } = await t.placeOrder((await t.seedTicket()).id);
    const paid = PaymentCreated.build({
      id: randomUUID(),
      orderId: order.id,
      stripeId: "pi_paid",
      amountCents: 2_050,
    });
    await t.publish(paid);
    await t.applied(paid);

    const res = await cancel(order.id, buyer.cookie).expect(409);

    expect(res.body).toEqual({ errors: [{ message: "A complete order cannot be cancelled" }] });
    expect(await t.stored(order.id)).toEqual({ status: "complete", version: 1 });
    expect(await cancellations(order.id)).toHaveLength(0);
  });

  it("refuses a caller who is not signed in with 401", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const res = await cancel(order.id).expect(401);
    expect(res.body).toEqual({ errors: [{ message: "Not signed in" }] });
    expect(await t.stored(order.id)).toEqual({ status: "created", version: 0 });
  });

  it("answers 404 to another user cancelling the order, and leaves it open", async () => {
    const { order } = await t.placeOrder((await t.seedTicket()).id);
    const stranger = await t.sessions.signIn();

    const res = await cancel(order.id, stranger.cookie).expect(404);

    expect(res.body).toEqual({ errors: [{ message: "Order not found" }] });
    expect(await t.stored(order.id)).toEqual({ status: "created", version: 0 });
  });

  it.each([
    ["an unknown id", randomUUID()],
    ["a malformed id", "42"],
  ])("answers 404 to %s", async (_case, id) => {
    const { cookie } = await t.sessions.signIn();
    const res = await cancel(id, cookie).expect(404);
    expect(res.body).toEqual({ errors: [{ message: "Order not found" }] });
  });
});
