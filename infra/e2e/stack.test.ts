import { eventually } from "@microtickets/common/testing";
import { emulatorClient } from "@microtickets/stripe-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVICES } from "../launcher/services.js";
import { ApiClient, type Order, type Ticket } from "./client.js";
import { type RunningStack, startStack } from "./stack.js";

/** Driven only through HTTP on the gateway, as a browser or a client would. */
describe("npm start, end to end", () => {
  let stack: RunningStack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    if (stack && stack.launcher.exitCode === null) await stack.stop();
  });

  const call = (method: string, path: string, body?: unknown, cookie?: string) =>
    fetch(`${stack.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("prints one line per part, then the ready line", () => {
    for (const { name } of SERVICES) {
      expect(stack.output()).toMatch(
        new RegExp(`✓ ${name}\\s+http://127\\.0\\.0\\.1:\\d+ \\(ready in \\d+ ms\\)`),
      );
    }
    expect(stack.output()).toMatch(/microtickets ready at http:\/\/localhost:\d+\n$/);
  });

  it("signs up, knows the user, signs out and signs in again through the gateway", async () => {
    const email = `fan-${Date.now()}@example.com`;
    const signup = await call("POST", "/api/users/signup", { email, password: "password1" });
    expect(signup.status).toBe(201);
    const user = await signup.json();
    expect(user).toEqual({ id: expect.any(String), email });
    const setCookie = signup.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = setCookie.split(";")[0];

    const me = await call("GET", "/api/users/currentuser", undefined, cookie);
    expect(await me.json()).toEqual({ currentUser: user });

    const signout = await call("POST", "/api/users/signout", undefined, cookie);
    expect(signout.status).toBe(200);
    expect(signout.headers.get("set-cookie")).toMatch(/^session=;/);

    const again = await call("POST", "/api/users/signin", {
      email: email.toUpperCase(),
      password: "password1",
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(user);
  });

  it("answers errors in one shape, from the gateway and from the services", async () => {
    const unknownApi = await call("GET", "/api/nothing-here");
    expect(unknownApi.status).toBe(404);
    expect(await unknownApi.json()).toEqual({ errors: [{ message: "Not found" }] });

    const notJson = await fetch(`${stack.url}/api/users/signup`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "hello",
    });
    expect(notJson.status).toBe(415);
    expect(await notJson.json()).toEqual({ errors: [{ message: expect.any(String) }] });

    const bad = await call("POST", "/api/users/signup", { email: "nope", password: "password1" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      errors: [{ message: "Email must be valid", field: "email" }],
    });
  });

  /** A ticket listed by `seller`; a failure says why, not later as an order's 400. */
  async function listTicket(seller: ApiClient): Promise<Ticket> {
    const res = await seller.call<Ticket>("POST", "/api/tickets", { title: "Gig", price: 30 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  // With the default 15-minute lock, so no order expires while tickets is down.
  it("loses nothing when tickets is killed mid-flow: it catches up from its durable consumers", async () => {
    const [seller, buyer] = [new ApiClient(stack.url), new ApiClient(stack.url)];
    await Promise.all([seller.signUp(), buyer.signUp()]);
    const ticket = await listTicket(seller);
    await eventually(async () => {
      const probe = await seller.call("POST", "/api/orders", { ticketId: ticket.id });
      return probe.status === 400; // orders knows the ticket (it is the seller's own)
    });

    stack.kill("tickets");
    const first = await buyer.call<Order>("POST", "/api/orders", { ticketId: ticket.id });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect((await buyer.call("DELETE", `/api/orders/${first.body.id}`)).status).toBe(204);
    const second = await buyer.call<Order>("POST", "/api/orders", { ticketId: ticket.id });
    expect(second.status).toBe(201);

    // Restarted by the launcher, tickets applies what orders decided meanwhile. (An event that
    // JetStream had handed to the killed process comes back after the 10 s ack wait.)
    const shown = await eventually(
      async () => {
        const res = await seller.call<Ticket>("GET", `/api/tickets/${ticket.id}`);
        return res.status === 200 && res.body.orderId === second.body.id ? res.body : undefined;
      },
      { timeoutMs: 30_000 },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${stack.output()}\n${stack.serviceLog("tickets")}`);
    });
    expect(shown.status).toBe("reserved");
    // 1 when the first order's cancellation reached tickets before its creation (which then
    // rightly locked nothing); 3 when they came in the order they happened.
    expect([1, 3]).toContain(shown.version);
    // The launcher reports the restart once its own readiness probe has seen it.
    await eventually(() => /tickets back/.test(stack.output()));
  }, 45_000);

  // With the default 15-minute lock, so the order is still open when payments is back.
  it("completes an order whose payment service was killed between the charge and recording it", async () => {
    const [seller, buyer] = [new ApiClient(stack.url), new ApiClient(stack.url)];
    await Promise.all([seller.signUp(), buyer.signUp()]);
    const stripe = emulatorClient(stack.stripeUrl);
    const ticket = await listTicket(seller);
    const order = await eventually(async () => {
      const res = await buyer.call<Order>("POST", "/api/orders", { ticketId: ticket.id });
      return res.status === 201 ? res.body : undefined;
    });
    const pay = (paymentMethodId: string) =>
      buyer.call("POST", "/api/payments", { orderId: order.id, paymentMethodId });
    // A declined card first: once it is a 402, payments knows the order.
    await eventually(async () => (await pay("pm_card_chargeDeclined")).status === 402);
    const charges = async () =>
      (await stripe.ledger()).charges.filter((charge) => charge.metadata.orderId === order.id);

    // Stripe charges, but its answer is held until payments has been killed.
    const held = await stripe.hold();
    const answer = pay("pm_card_visa").then((res) => res.status);
    await eventually(async () => (await charges()).length === 1);
    stack.kill("payments");
    await held.release();
    expect(await answer).toBe(502);

    // Stripe's webhook is retried until the launcher has payments back.
    await eventually(
      async () =>
        (await seller.call<Ticket>("GET", `/api/tickets/${ticket.id}`)).body.status === "sold",
      { timeoutMs: 30_000 },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${stack.output()}\n${stack.serviceLog("payments")}`);
    });
    expect((await buyer.call<Order>("GET", `/api/orders/${order.id}`)).body.status).toBe(
      "complete",
    );
    expect(await charges()).toHaveLength(1);
    await eventually(() => /payments back/.test(stack.output()));
  }, 45_000);

  it("stops everything on SIGTERM and exits 0", async () => {
    const code = await stack.stop();
    expect(code).toBe(0);
    await expect(fetch(`${stack.url}/api/users/currentuser`)).rejects.toThrow();
  });
});
