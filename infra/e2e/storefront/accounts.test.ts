import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { alertText, expectAccessible, useStorefront, waitForText } from "./browser.js";
import {
  fieldError,
  freshEmail,
  listedTicket,
  nextMonth,
  ORDER_PAGE,
  payInBrowser,
  submitCredentials,
  TICKET_PAGE,
  uniqueWord,
} from "./flows.js";

const PASSWORD = "correct horse";

/** Accounts, sessions, the pages a session guards, 404s, and the core flows without JavaScript. */
describe("the storefront: accounts and pages", { timeout: 120_000 }, () => {
  const browser = useStorefront();

  it("signs up, signs out and signs in again, with errors tied to their fields", async () => {
    const { page } = await browser.visitor();
    const email = freshEmail();

    await page.goto("/signup");
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    await expectAccessible(page, "the sign-up form");

    await submitCredentials(page, "Sign up", "not-an-email", "short");
    expect(await fieldError(page, "Email")).not.toBe("");
    expect(await fieldError(page, "Password")).not.toBe("");
    await expectAccessible(page, "the sign-up form with field errors");

    await submitCredentials(page, "Sign up", email, PASSWORD);
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await expectAccessible(page, "the first page after signing up");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);

    await page.goto("/signin");
    await submitCredentials(page, "Sign in", email, "wrong password");
    expect(await alertText(page)).toMatch(/\S/);
    await expectAccessible(page, "the sign-in form with an error");

    await submitCredentials(page, "Sign in", email.toUpperCase(), PASSWORD);
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  });

  it("says when an email is already taken", async () => {
    const { page } = await browser.visitor();
    const taken = await browser.account();

    await page.goto("/signup");
    await submitCredentials(page, "Sign up", taken.email.toUpperCase(), PASSWORD);

    // A 409 names no field: an alert, or the Email field's own error.
    await page.locator("[role=alert], [aria-invalid=true]").first().waitFor();
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
  });

  it("sends a signed-out visitor of a guarded page to sign in, and back afterwards", async () => {
    const { page } = await browser.visitor();
    const { email, password } = await browser.account();

    for (const path of [
      "/orders",
      `/orders/${randomUUID()}`,
      "/listings",
      `/tickets/${randomUUID()}/edit`,
      "/tickets/new",
    ]) {
      await page.goto(path);
      const url = new URL(page.url());
      expect(url.pathname).toBe("/signin");
      expect(url.searchParams.get("next")).toBe(path);
    }
    await expectAccessible(page, "the sign-in form on the way to /tickets/new");

    await submitCredentials(page, "Sign in", email, password);
    await page.waitForURL((url) => url.pathname === "/tickets/new");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    await page.goto("/orders");
    await submitCredentials(page, "Sign in", email, password);
    await page.waitForURL((url) => url.pathname === "/orders");
    await expectAccessible(page, "my orders, empty");
  });

  it("offers Sign in and Sign up on every page to a visitor, and Sign out once signed in", async () => {
    const seller = await browser.account();
    const ticket = await listedTicket(seller.api, { title: uniqueWord("Links"), price: 9 });
    const visitor = await browser.visitor();
    const member = await browser.visitor({ session: await browser.account() });
    const everyone = ["/", "/signin", "/signup", `/tickets/${ticket.id}`, `/?q=${uniqueWord("x")}`];
    const membersOnly = ["/orders", "/listings", "/tickets/new"];

    for (const path of everyone) {
      await visitor.page.goto(path);
      await visitor.page.getByRole("link", { name: "Sign in" }).first().waitFor();
      expect(
        await visitor.page.getByRole("link", { name: "Sign up" }).count(),
        path,
      ).toBeGreaterThan(0);
      expect(await visitor.page.getByRole("button", { name: "Sign out" }).count(), path).toBe(0);
    }
    for (const path of [...everyone.filter((p) => !p.startsWith("/sign")), ...membersOnly]) {
      await member.page.goto(path);
      await member.page.getByRole("button", { name: "Sign out" }).waitFor();
      expect(await member.page.getByRole("link", { name: "Sign in" }).count(), path).toBe(0);
    }
  });

  it("passes the checks in the dark and on a 360 px phone, with nothing wider than the screen", async () => {
    const seller = await browser.account();
    const ticket = await listedTicket(seller.api, {
      title: uniqueWord("Narrow"),
      price: 999_999.99,
      venue: "A venue with a rather long name, as some have",
    });
    const session = await browser.account();
    for (const [colorScheme, width] of [
      ["dark", 1280],
      ["light", 360],
      ["dark", 360],
    ] as const) {
      const { page } = await browser.visitor({
        colorScheme,
        viewport: { width, height: 740 },
        session,
      });
      for (const path of ["/", `/tickets/${ticket.id}`, "/tickets/new", "/orders"]) {
        await page.goto(path);
        await expectAccessible(page, `${path} (${colorScheme}, ${width} px)`);
        const overflows = await page.evaluate(
          "document.documentElement.scrollWidth > document.documentElement.clientWidth",
        );
        expect(overflows, `${path} (${colorScheme}, ${width} px) scrolls sideways`).toBe(false);
      }
    }
  });

  it("answers unknown pages and ids with the 404 page, status 404", async () => {
    const { page } = await browser.visitor({
      // Chromium logs each 404 document it loads as a console error.
      expectedConsoleErrors: [/status of 404/],
      session: await browser.account(),
    });

    for (const path of [
      "/no-such-page",
      `/tickets/${randomUUID()}`,
      "/tickets/not-a-uuid",
      `/tickets/${randomUUID()}/edit`,
      `/orders/${randomUUID()}`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      expect(await page.getByRole("heading").count(), path).toBeGreaterThan(0);
    }
    await expectAccessible(page, "the 404 page");
  });

  it("signs up, signs in, lists, buys and pays with the test card without JavaScript", async () => {
    const seller = await browser.visitor({ javaScriptEnabled: false });
    const buyer = await browser.visitor({ javaScriptEnabled: false });
    const [sellerEmail, buyerEmail] = [freshEmail(), freshEmail()];
    const title = `Quiet Night ${randomUUID().slice(0, 8)}`;

    await seller.page.goto("/signup");
    await submitCredentials(seller.page, "Sign up", sellerEmail, PASSWORD);
    await seller.page.getByRole("button", { name: "Sign out" }).waitFor();
    await seller.page.goto("/tickets/new");
    await seller.page.getByLabel("Title").fill(title);
    await seller.page.getByLabel("Price").fill("12.5");
    await seller.page.getByLabel("Category").selectOption("theatre");
    await seller.page.getByLabel("Venue").fill("The Old Vic");
    await seller.page.getByLabel("Date").fill(nextMonth().toISOString().slice(0, 16));
    await seller.page.getByRole("button", { name: "List ticket" }).click();
    await seller.page.waitForURL(TICKET_PAGE);
    await waitForText(seller.page.locator("body"), "$12.50");
    const ticketId = TICKET_PAGE.exec(new URL(seller.page.url()).pathname)?.[1] ?? "";

    // Signed up, out, and in again, all as plain form posts.
    await buyer.page.goto("/signup");
    await submitCredentials(buyer.page, "Sign up", buyerEmail, PASSWORD);
    await buyer.page.getByRole("button", { name: "Sign out" }).click();
    await buyer.page.getByRole("link", { name: "Sign in" }).first().click();
    await submitCredentials(buyer.page, "Sign in", buyerEmail, PASSWORD);
    await buyer.page.getByRole("button", { name: "Sign out" }).waitFor();

    await buyer.page.goto(`/tickets/${ticketId}`);
    // Orders may take a moment to hear of a ticket this new: retried as a visitor would.
    await eventuallyOrdered(buyer.page);
    await payInBrowser(buyer.page, "Visa (succeeds)");
    // Without JavaScript nothing updates by itself: what the server answers, or a reload.
    await reloadUntil(buyer.page, "Paid");
    await expectAccessible(buyer.page, "a paid order, without JavaScript");

    await seller.page.goto(`/tickets/${ticketId}`);
    await waitForText(seller.page.locator("body"), "sold");
  });

  /** Clicks Buy until the order page opens (orders learns of a new ticket within 1 s). */
  async function eventuallyOrdered(page: import("playwright-core").Page) {
    const deadline = Date.now() + 5_000;
    for (;;) {
      await page.getByRole("button", { name: "Buy" }).click();
      await page.waitForLoadState();
      if (ORDER_PAGE.test(new URL(page.url()).pathname)) return;
      if (Date.now() > deadline) throw new Error(`Buy never opened an order: ${page.url()}`);
      await page.goto(page.url().replace(/\?.*$/, ""));
    }
  }

  async function reloadUntil(page: import("playwright-core").Page, text: string) {
    const deadline = Date.now() + 5_000;
    while (!((await page.locator("body").textContent()) ?? "").includes(text)) {
      if (Date.now() > deadline) throw new Error(`"${text}" never appeared on ${page.url()}`);
      await page.reload();
    }
  }
});
