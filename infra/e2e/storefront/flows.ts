import { randomBytes } from "node:crypto";
import { eventually } from "@microtickets/common/testing";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { ApiClient, Order, Payment, Ticket } from "../client.js";
import { chooseTestCard, type TestCard } from "./browser.js";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
export const TICKET_PAGE = new RegExp(`/tickets/(${UUID})$`);
export const ORDER_PAGE = new RegExp(`/orders/(${UUID})$`);

/** A word no other test's tickets contain, so a search finds exactly this test's tickets. */
export const uniqueWord = (prefix: string) =>
  `${prefix}${randomBytes(4)
    .toString("hex")
    .replace(/\d/g, (d) => "ghijklmnop"[Number(d)] ?? "")}`;

/** Next month, at eight in the evening (startsAt must be in the future). */
export function nextMonth(): Date {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() + 1, 15);
  date.setUTCHours(20, 0, 0, 0);
  return date;
}

export interface TicketFields {
  title: string;
  price: number;
  category?: string;
  venue?: string;
  startsAt?: string | null;
}

/**
 * A ticket listed through the API, once orders knows of it too (until then a Buy would be a 404,
 * by contract): the seller's own order attempt is a 400 exactly when orders has heard of it.
 */
export async function listedTicket(seller: ApiClient, fields: TicketFields): Promise<Ticket> {
  const listed = await seller.call<Ticket>("POST", "/api/tickets", fields);
  expect(listed.status).toBe(201);
  await eventually(
    async () =>
      (await seller.call("POST", "/api/orders", { ticketId: listed.body.id })).status === 400,
  );
  return listed.body;
}

/** An order on `ticketId` placed through the API (someone else's purchase, as the page sees it). */
export async function orderedThroughApi(buyer: ApiClient, ticketId: string): Promise<Order> {
  const res = await buyer.call<Order>("POST", "/api/orders", { ticketId });
  expect(res.status).toBe(201);
  return res.body;
}

/** Paid through the API as soon as payments knows the order; resolves once it is complete. */
export async function paidThroughApi(buyer: ApiClient, orderId: string): Promise<void> {
  await eventually(async () => {
    const res = await buyer.call<Payment>("POST", "/api/payments", {
      orderId,
      paymentMethodId: "pm_card_visa",
    });
    return res.status === 404 ? undefined : res.status === 201;
  });
  await eventually(
    async () =>
      (await buyer.call<Order>("GET", `/api/orders/${orderId}`)).body.status === "complete",
  );
}

/** On the ticket's page, "Buy": resolves with the order's id once its page is open. */
export async function buyInBrowser(page: Page, ticketId: string): Promise<string> {
  if (!page.url().endsWith(`/tickets/${ticketId}`)) await page.goto(`/tickets/${ticketId}`);
  await page.getByRole("button", { name: "Buy" }).click();
  await page.waitForURL(ORDER_PAGE);
  return ORDER_PAGE.exec(new URL(page.url()).pathname)?.[1] ?? "";
}

/** On the order's page, pays with one of the emulator's test cards. */
export async function payInBrowser(page: Page, card: TestCard): Promise<void> {
  await chooseTestCard(page, card);
  await page.getByRole("button", { name: "Pay" }).click();
}

/** Fills and submits the sign-up or sign-in form of the page it is on. */
export async function submitCredentials(
  page: Page,
  button: "Sign up" | "Sign in",
  email: string,
  password: string,
): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: button }).click();
}

export const freshEmail = () => `fan-${randomBytes(6).toString("hex")}@example.com`;

/** The error the page ties to a field (aria-invalid, aria-describedby), once it shows one. */
export async function fieldError(page: Page, label: string): Promise<string> {
  const field = page.getByLabel(label, { exact: true });
  await field.and(page.locator("[aria-invalid=true]")).waitFor();
  const ids = (await field.getAttribute("aria-describedby"))?.split(/\s+/).filter(Boolean) ?? [];
  expect(ids.length).toBeGreaterThan(0);
  const texts = await Promise.all(
    ids.map(async (id) => (await page.locator(`[id="${id}"]`).textContent())?.trim() ?? ""),
  );
  return texts.filter(Boolean).join(" ");
}

/** Marks the document, so a test can tell a live update from a reload (which loses the mark). */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    (globalThis as { notReloaded?: boolean }).notReloaded = true;
  });
  return () => page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded === true);
}
