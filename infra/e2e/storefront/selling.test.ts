import { eventually } from "@microtickets/common/testing";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Ticket } from "../client.js";
import { alertText, expectAccessible, useStorefront, waitForText } from "./browser.js";
import {
  fieldError,
  listedTicket,
  nextMonth,
  orderedThroughApi,
  paidThroughApi,
  TICKET_PAGE,
  uniqueWord,
} from "./flows.js";

/** The row, card or cell a list shows one ticket in: the nearest item around its link. */
const itemOf = (link: Locator) =>
  link.locator("xpath=ancestor::*[self::li or self::tr or self::article][1]");

/** Selling: listing, editing, the listing's search and pages, and the seller's own listings. */
describe("the storefront: selling and finding tickets", { timeout: 120_000 }, () => {
  const browser = useStorefront();

  it("lists a ticket for an event, with field errors first, and shows it on its page and in the listing", async () => {
    const seller = await browser.account();
    const { page } = await browser.visitor({ session: seller });
    const word = uniqueWord("Gig");
    const title = `${word} at the Park`;

    await page.goto("/tickets/new");
    await expectAccessible(page, "the new-ticket form");
    await page.getByLabel("Price").fill("0.10");
    await page.getByRole("button", { name: "List ticket" }).click();
    expect(await fieldError(page, "Title")).not.toBe("");
    expect(await fieldError(page, "Price")).not.toBe("");
    await expectAccessible(page, "the new-ticket form with field errors");

    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Price").fill("42.5");
    await page.getByLabel("Category").selectOption("sports");
    await page.getByLabel("Venue").fill("Emerald Park");
    await page.getByLabel("Date").fill(nextMonth().toISOString().slice(0, 16));
    await page.getByRole("button", { name: "List ticket" }).click();
    await page.waitForURL(TICKET_PAGE);

    const main = page.getByRole("main");
    await page.getByRole("heading", { name: title }).waitFor();
    const shown = (await main.textContent()) ?? "";
    expect(shown).toContain("$42.50");
    expect(shown).toContain("Emerald Park");
    expect(shown).toMatch(/sports/i);
    expect(shown).toContain("available");
    expect(shown).toContain(String(nextMonth().getUTCFullYear()));
    expect(await page.getByRole("link", { name: "Edit" }).count()).toBe(1);
    // Nobody buys their own ticket.
    expect(await page.getByRole("button", { name: "Buy" }).count()).toBe(0);
    await expectAccessible(page, "the seller's ticket page");

    await page.goto(`/?q=${word}`);
    const link = page.getByRole("link", { name: title });
    await link.waitFor();
    expect(await itemOf(link).textContent()).toContain("$42.50");
  });

  it("edits a ticket, and refuses the edit with the reason while a buyer holds it", async () => {
    const [seller, buyer] = await Promise.all([browser.account(), browser.account()]);
    const ticket = await listedTicket(seller.api, { title: uniqueWord("Opera"), price: 80 });
    const { page } = await browser.visitor({ session: seller });

    await page.goto(`/tickets/${ticket.id}`);
    await page.getByRole("link", { name: "Edit" }).click();
    await page.waitForURL(`**/tickets/${ticket.id}/edit`);
    await expectAccessible(page, "the edit form");
    await page.getByLabel("Price").fill("55");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(TICKET_PAGE);
    await waitForText(page.getByRole("main"), "$55.00");

    await page.goto(`/tickets/${ticket.id}/edit`);
    await orderedThroughApi(buyer.api, ticket.id);
    // Tickets hears of the order within 1 s; from then on an edit is a 409.
    await eventually(
      async () =>
        (await seller.api.call<Ticket>("GET", `/api/tickets/${ticket.id}`)).body.status ===
        "reserved",
    );
    await page.getByLabel("Price").fill("60");
    await page.getByRole("button", { name: "Save" }).click();

    expect(await alertText(page)).toMatch(/buy|hold|reserved/i);
    await expectAccessible(page, "the edit form refused (409)");
    const kept = await seller.api.call<Ticket>("GET", `/api/tickets/${ticket.id}`);
    expect(kept.body.price).toBe(55);
    await page.goto(`/tickets/${ticket.id}`);
    await waitForText(page.getByRole("main"), "reserved");
    expect(await page.getByRole("link", { name: "Edit" }).count()).toBe(0);
  });

  it("searches words in titles and venues (Enter or the button) and filters by category", async () => {
    const seller = await browser.account();
    const word = uniqueWord("Tour");
    const seeded = {
      jazz: { title: `${word} Jazz Night`, price: 30, category: "concerts", venue: "Blue Room" },
      derby: { title: `${word} Derby`, price: 45, category: "sports", venue: "Emerald Park" },
      byVenue: { title: "Late Show", price: 20, category: "comedy", venue: `${word} Hall` },
      unrelated: { title: "Unrelated Evening", price: 25, category: "comedy", venue: "Elsewhere" },
    };
    for (const fields of Object.values(seeded)) {
      const res = await seller.api.call("POST", "/api/tickets", fields);
      expect(res.status).toBe(201);
    }
    const { page } = await browser.visitor();
    const shows = async (title: string) =>
      (await page.getByRole("link", { name: title }).count()) > 0;

    await page.goto("/");
    await page.getByLabel("Search").fill(word);
    await page.getByLabel("Search").press("Enter");
    await page.waitForURL((url) => url.searchParams.get("q") === word);
    await page.getByRole("link", { name: seeded.jazz.title }).waitFor();
    expect(await shows(seeded.derby.title)).toBe(true);
    expect(await shows(seeded.byVenue.title)).toBe(true);
    expect(await shows(seeded.unrelated.title)).toBe(false);
    await expectAccessible(page, "search results");

    await page.getByLabel("Category").selectOption("sports");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL((url) => url.searchParams.get("category") === "sports");
    await page.getByRole("link", { name: seeded.derby.title }).waitFor();
    expect(await shows(seeded.jazz.title)).toBe(false);
    expect(await shows(seeded.byVenue.title)).toBe(false);

    await page.goto(`/?q=${encodeURIComponent(`${word} jazz`)}`);
    await page.getByRole("link", { name: seeded.jazz.title }).waitFor();
    expect(await shows(seeded.derby.title)).toBe(false);

    await page.goto(`/?q=${uniqueWord("Nothing")}`);
    expect(await page.getByRole("link", { name: /Jazz|Derby|Late Show/ }).count()).toBe(0);
    await expectAccessible(page, "a search with no results");
  });

  it("pages through many results with Next page, newest first, each once", async () => {
    const seller = await browser.account();
    const word = uniqueWord("Page");
    const count = 30;
    for (let i = 0; i < count; i++) {
      const title = `${word} number ${String(i).padStart(2, "0")}`;
      const res = await seller.api.call("POST", "/api/tickets", { title, price: 10 + i });
      expect(res.status).toBe(201);
    }
    const { page } = await browser.visitor();

    await page.goto(`/?q=${word}`);
    const seen: number[] = [];
    for (let pages = 1; ; pages++) {
      await page
        .getByRole("link", { name: new RegExp(word) })
        .first()
        .waitFor();
      seen.push(...(await numbersShown(page, word)));
      const next = page.getByRole("link", { name: "Next page" });
      if ((await next.count()) === 0) break;
      expect(pages).toBeLessThan(count);
      const before = page.url();
      await next.click();
      await page.waitForURL((url) => url.href !== before);
      // The filter stays on every page.
      expect(new URL(page.url()).searchParams.get("q")).toBe(word);
    }

    expect(seen).toEqual(Array.from({ length: count }, (_, i) => count - 1 - i));
  });

  it("shows the seller's tickets in every status, each linked to its page", async () => {
    const [seller, buyer] = await Promise.all([browser.account(), browser.account()]);
    const word = uniqueWord("Mine");
    const available = await listedTicket(seller.api, { title: `${word} available`, price: 11 });
    const reserved = await listedTicket(seller.api, { title: `${word} reserved`, price: 12 });
    const sold = await listedTicket(seller.api, { title: `${word} sold`, price: 13 });
    await orderedThroughApi(buyer.api, reserved.id);
    await paidThroughApi(buyer.api, (await orderedThroughApi(buyer.api, sold.id)).id);
    const { page } = await browser.visitor({ session: seller });

    await page.goto("/listings");
    for (const [ticket, status] of [
      [available, "available"],
      [reserved, "reserved"],
      [sold, "sold"],
    ] as const) {
      const link = page.getByRole("link", { name: ticket.title });
      await waitForText(itemOf(link), status);
    }
    await expectAccessible(page, "my listings");

    await page.getByRole("link", { name: sold.title }).click();
    await page.waitForURL(`**/tickets/${sold.id}`);
    await waitForText(page.getByRole("main"), "sold");
    expect(await page.getByRole("button", { name: "Buy" }).count()).toBe(0);
  });
});

/** The numbers of this test's tickets on the page, in the order shown. */
async function numbersShown(page: Page, word: string): Promise<number[]> {
  const names = await page.getByRole("link", { name: new RegExp(word) }).allTextContents();
  return names.map((name) => Number(new RegExp(`${word} number (\\d+)`).exec(name)?.[1]));
}
