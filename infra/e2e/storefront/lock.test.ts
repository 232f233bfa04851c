import { eventually } from "@microtickets/common/testing";
import { describe, expect, it } from "vitest";
import type { Order } from "../client.js";
import { expectAccessible, useStorefront, waitForText } from "./browser.js";
import { buyInBrowser, listedTicket, markDocument, uniqueWord } from "./flows.js";

/** Short enough to watch run out, long enough to see it count and to cancel in time. */
const LOCK_SECONDS = 15;

const asSeconds = (text: string) => {
  const [minutes, seconds] = text.trim().split(":").map(Number);
  return (minutes ?? 0) * 60 + (seconds ?? 0);
};

/** The lock as a buyer sees it: the countdown, cancelling, and the lock running out. */
describe("the storefront: the lock on a ticket", { timeout: 120_000 }, () => {
  const browser = useStorefront({ ORDER_LOCK_SECONDS: String(LOCK_SECONDS) });

  async function openOrder() {
    const seller = await browser.account();
    const ticket = await listedTicket(seller.api, { title: uniqueWord("Lock"), price: 15 });
    const visitor = await browser.visitor({ session: await browser.account() });
    const orderId = await buyInBrowser(visitor.page, ticket.id);
    return { ...visitor, ticket, orderId };
  }

  it("counts the time left down in mm:ss, and at zero shows the expiry from the server without a reload", async () => {
    const { page, ticket, orderId } = await openOrder();
    const timer = page.getByRole("timer");

    const first = await waitForText(timer, /^\s*\d\d:\d\d\s*$/);
    expect(asSeconds(first)).toBeLessThanOrEqual(LOCK_SECONDS);
    await expectAccessible(page, "an order counting down");
    const later = await eventually(
      async () => {
        const text = (await timer.textContent()) ?? "";
        return asSeconds(text) !== asSeconds(first) ? text : undefined;
      },
      { timeoutMs: 3_000 },
    );
    expect(later).toMatch(/^\s*\d\d:\d\d\s*$/);
    expect(asSeconds(later)).toBeLessThan(asSeconds(first));
    const notReloaded = await markDocument(page);

    const order = (await (await page.request.get(`/api/orders/${orderId}`)).json()) as Order;
    await waitForText(page.getByRole("main"), /cancelled/i, LOCK_SECONDS * 1_000 + 8_000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(order.expiresAt));
    expect(await page.getByRole("timer").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Pay" }).count()).toBe(0);
    expect(await notReloaded()).toBe(true);
    const expired = (await (await page.request.get(`/api/orders/${orderId}`)).json()) as Order;
    expect(expired.status).toBe("cancelled");
    await expectAccessible(page, "an expired order");

    await page.goto(`/tickets/${ticket.id}`);
    await waitForText(page.getByRole("main"), "available");
    await page.getByRole("button", { name: "Buy" }).waitFor();
  });

  it("cancels an open order, and the ticket is for sale again", async () => {
    const { page, ticket, orderId } = await openOrder();

    await page.getByRole("button", { name: "Cancel order" }).click();

    await waitForText(page.getByRole("main"), /cancelled/i);
    expect(await page.getByRole("button", { name: "Cancel order" }).count()).toBe(0);
    const order = (await (await page.request.get(`/api/orders/${orderId}`)).json()) as Order;
    expect(order.status).toBe("cancelled");
    await expectAccessible(page, "a cancelled order");
    await page.goto(`/tickets/${ticket.id}`);
    await waitForText(page.getByRole("main"), "available");
  });
});
