import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Order, Ticket } from "../client.js";
import { alertText, expectAccessible, useStorefront, waitForText } from "./browser.js";
import {
  buyInBrowser,
  listedTicket,
  markDocument,
  ORDER_PAGE,
  orderedThroughApi,
  paidThroughApi,
  payInBrowser,
  submitCredentials,
  uniqueWord,
} from "./flows.js";

/** What the contract promises: a change shows on every open page within 2 s, no reload. */
const LIVE_MS = 2_000;

/** Buying and paying: cards, 3-D Secure, the sold state, live pages, my orders, the keyboard. */
describe("the storefront: buying and paying", { timeout: 120_000 }, () => {
  const browser = useStorefront();

  async function ticketFor(price = 25): Promise<Ticket> {
    const seller = await browser.account();
    return listedTicket(seller.api, { title: uniqueWord("Show"), price, venue: "Town Hall" });
  }

  it("buys a ticket, is told of a declined card, pays with another and sees Paid by itself", async () => {
    const ticket = await ticketFor(42.5);
    const { page } = await browser.visitor({ session: await browser.account() });

    await page.goto(`/tickets/${ticket.id}`);
    await waitForText(page.getByRole("main"), "available");
    await expectAccessible(page, "an available ticket, to a buyer");
    const orderId = await buyInBrowser(page, ticket.id);
    await page.getByRole("timer").waitFor();
    expect(await page.getByRole("main").textContent()).toContain("$42.50");
    await expectAccessible(page, "an open order");

    await payInBrowser(page, "Declined");
    expect(await alertText(page)).toMatch(/declin/i);
    await expectAccessible(page, "an order after a declined card");

    const notReloaded = await markDocument(page);
    await payInBrowser(page, "Visa (succeeds)");
    await waitForText(page.getByRole("main"), "Paid");
    expect(page.url()).toMatch(ORDER_PAGE);
    expect(await page.getByRole("timer").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Pay" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Cancel order" }).count()).toBe(0);
    // By itself: the page was never reloaded (the mark set before paying is still there).
    expect(await notReloaded()).toBe(true);
    await expectAccessible(page, "a paid order");
    const buyer = await page.request.get(`/api/orders/${orderId}`);
    expect(((await buyer.json()) as Order).status).toBe("complete");

    await page.goto(`/tickets/${ticket.id}`);
    await waitForText(page.getByRole("main"), "sold");
    expect(await page.getByRole("button", { name: "Buy" }).count()).toBe(0);
    await expectAccessible(page, "a sold ticket");
  });

  it("pays with 3-D Secure: a failed authentication is shown and the buyer can pay again", async () => {
    const ticket = await ticketFor();
    const { page } = await browser.visitor({ session: await browser.account() });
    const orderId = await buyInBrowser(page, ticket.id);

    await payInBrowser(page, "3-D Secure");
    await page.waitForURL(new RegExp(`/orders/${orderId}/authenticate\\?intent=pi_`));
    await expectAccessible(page, "the 3-D Secure test page");
    await page.getByRole("button", { name: "Fail authentication" }).click();
    await page.waitForURL((url) => url.pathname === `/orders/${orderId}`);
    expect(await alertText(page)).toMatch(/\S/);
    await expectAccessible(page, "an order whose authentication failed");

    await payInBrowser(page, "3-D Secure");
    await page.waitForURL(/\/authenticate\?intent=pi_/);
    await page.getByRole("button", { name: "Complete authentication" }).click();
    await page.waitForURL((url) => url.pathname === `/orders/${orderId}`);
    await waitForText(page.getByRole("main"), "Paid");
  });

  it("shows another visitor the purchase live: reserved, then sold, and a new price, without a reload", async () => {
    const seller = await browser.account();
    const ticket = await listedTicket(seller.api, { title: uniqueWord("Live"), price: 30 });
    const buyer = await browser.visitor({ session: await browser.account() });
    const watcher = await browser.visitor();
    await watcher.page.goto(`/tickets/${ticket.id}`);
    const status = watcher.page.getByRole("main");
    await waitForText(status, "available");
    const notReloaded = await markDocument(watcher.page);

    const price = await seller.api.call("PUT", `/api/tickets/${ticket.id}`, {
      title: ticket.title,
      price: 31.25,
    });
    expect(price.status).toBe(200);
    await waitForText(status, "$31.25", LIVE_MS);

    await buyInBrowser(buyer.page, ticket.id);
    await waitForText(status, "reserved", LIVE_MS);
    // A ticket someone else holds no longer offers itself.
    expect(await watcher.page.getByRole("button", { name: "Buy" }).count()).toBe(0);
    await expectAccessible(watcher.page, "a ticket someone just reserved");

    await payInBrowser(buyer.page, "Visa (succeeds)");
    await waitForText(buyer.page.getByRole("main"), "Paid");
    await waitForText(status, "sold", LIVE_MS);
    expect(await notReloaded()).toBe(true);
  });

  it("sends a signed-out visitor's Buy to sign in and back to the ticket", async () => {
    const ticket = await ticketFor();
    const { email, password } = await browser.account();
    const { page } = await browser.visitor();

    await page.goto(`/tickets/${ticket.id}`);
    await page.getByRole("button", { name: "Buy" }).click();
    await page.waitForURL((url) => url.pathname === "/signin");
    expect(new URL(page.url()).searchParams.get("next")).toBe(`/tickets/${ticket.id}`);
    await submitCredentials(page, "Sign in", email, password);
    await page.waitForURL((url) => url.pathname === `/tickets/${ticket.id}`);
    await buyInBrowser(page, ticket.id);
  });

  it("lists the buyer's orders newest first, with their status and links", async () => {
    const buyer = await browser.account();
    const [first, second] = [await ticketFor(10), await ticketFor(20)];
    const paid = await orderedThroughApi(buyer.api, first.id);
    await paidThroughApi(buyer.api, paid.id);
    const cancelled = await orderedThroughApi(buyer.api, second.id);
    expect((await buyer.api.call("DELETE", `/api/orders/${cancelled.id}`)).status).toBe(204);
    const { page } = await browser.visitor({ session: buyer });

    await page.goto("/orders");
    const links = page.getByRole("link", { name: new RegExp(`${first.title}|${second.title}`) });
    await links.first().waitFor();
    expect(await links.allTextContents()).toEqual([
      expect.stringContaining(second.title),
      expect.stringContaining(first.title),
    ]);
    await waitForText(itemOf(links.nth(1)), "Paid");
    expect(await itemOf(links.nth(0)).textContent()).toMatch(/cancel/i);
    await expectAccessible(page, "my orders");

    await links.nth(1).click();
    await page.waitForURL((url) => url.pathname === `/orders/${paid.id}`);
    await waitForText(page.getByRole("main"), "Paid");
  });

  it("buys and pays with the keyboard only", async () => {
    const ticket = await ticketFor(12);
    const buyer = await browser.account();
    const { page } = await browser.visitor({ session: buyer });

    await page.goto(`/tickets/${ticket.id}`);
    await tabTo(page, page.getByRole("button", { name: "Buy" }));
    await page.keyboard.press("Enter");
    await page.waitForURL(ORDER_PAGE);
    await page.getByRole("timer").waitFor();

    await tabTo(page, page.getByLabel("Test card"));
    // The first choice is the card that succeeds; a keyboard user moves to it from any other.
    await page.keyboard.press("Home");
    await tabTo(page, page.getByRole("button", { name: "Pay" }));
    await page.keyboard.press("Space");
    await waitForText(page.getByRole("main"), "Paid");

    const orders = await buyer.api.call<Order[]>("GET", "/api/orders");
    expect(orders.body.map((order) => [order.ticket.id, order.status])).toEqual([
      [ticket.id, "complete"],
    ]);
  });
});

/** The row or card a list shows one item in: the nearest item around its link. */
const itemOf = (link: Locator) =>
  link.locator("xpath=ancestor::*[self::li or self::tr or self::article][1]");

/** Presses Tab until `target` has the focus, as a keyboard user would (never a click). */
async function tabTo(page: Page, target: Locator, maxPresses = 40): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((element) => element === element.ownerDocument.activeElement)) {
      return;
    }
  }
  throw new Error(`${String(target)} never had the focus after ${maxPresses} presses of Tab`);
}
