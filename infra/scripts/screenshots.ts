import { mkdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { eventually } from "@microtickets/common/testing";
import type { Browser, Page } from "playwright-core";
import { ApiClient, type Order, type Ticket } from "../e2e/client.js";
import { type RunningStack, startStack } from "../e2e/stack.js";
import { repoRoot } from "../launcher/paths.js";
import { launchChromium } from "./chromium.js";

// `npm run screenshots`: the README's pictures, from real Chromium against a real stack.
const OUT_DIR = join(repoRoot, "docs", "screenshots");

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** A listing worth looking at: several categories, venues and dates, newest last. */
const SEED = [
  {
    title: "Harbour Lights Orchestra: Film Nights",
    category: "concerts",
    venue: "Royal Albert Hall",
    days: 12,
    price: 64,
  },
  {
    title: "City Derby, North Stand",
    category: "sports",
    venue: "Riverside Stadium",
    days: 5,
    price: 95,
  },
  {
    title: "The Glass Menagerie",
    category: "theatre",
    venue: "Old Vic Theatre",
    days: 21,
    price: 42.5,
  },
  {
    title: "Late Laughs with Priya Shah",
    category: "comedy",
    venue: "The Basement Club",
    days: 3,
    price: 18,
  },
  {
    title: "Meadowlands Festival, Weekend Pass",
    category: "festivals",
    venue: "Meadowlands Park",
    days: 48,
    price: 229,
  },
  {
    title: "Nova Quartet, Album Tour",
    category: "concerts",
    venue: "Electric Ballroom",
    days: 9,
    price: 35.75,
  },
] as const;

function inDays(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(19, 30, 0, 0);
  return date.toISOString();
}

async function seed(stack: RunningStack): Promise<Ticket[]> {
  const seller = new ApiClient(stack.url);
  await seller.signUp();
  const tickets: Ticket[] = [];
  for (const { days, ...fields } of SEED) {
    const res = await seller.call<Ticket>("POST", "/api/tickets", {
      ...fields,
      startsAt: inDays(days),
    });
    if (res.status !== 201) throw new Error(`seeding ${fields.title}: ${res.status}`);
    tickets.push(res.body);
  }
  // Orders hears of new tickets within a second: the seller's own attempt is a 400 once it has.
  const last = tickets.at(-1);
  if (last) {
    await eventually(
      async () => (await seller.call("POST", "/api/orders", { ticketId: last.id })).status === 400,
    );
  }
  return tickets;
}

async function signUp(stack: RunningStack, email: string): Promise<ApiClient> {
  const client = new ApiClient(stack.url);
  const res = await fetch(`${stack.url}/api/users/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "a long passphrase" }),
  });
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${await res.text()}`);
  client.cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  return client;
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    const file = join(OUT_DIR, `${name}-${size}.png`);
    await page.screenshot({ path: file });
    console.log(`  ${relative(repoRoot, file)}`);
  }
}

async function main(): Promise<void> {
  console.log("starting a stack …");
  const stack = await startStack();
  let browser: Browser | undefined;
  try {
    const tickets = await seed(stack);
    // A name a reader can read in the header (the stack's databases are new each run).
    const buyer = await signUp(stack, "alex.morgan@example.com");
    await mkdir(OUT_DIR, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ baseURL: stack.url, colorScheme: "light" });
    const [name, ...value] = (buyer.cookie ?? "").split("=");
    await context.addCookies([{ name: name ?? "session", value: value.join("="), url: stack.url }]);
    const page = await context.newPage();

    console.log("taking the pictures …");
    await page.goto("/");
    await shoot(page, "listing");

    const ticket = tickets.find((t) => t.category === "theatre") ?? tickets[0];
    if (!ticket) throw new Error("nothing was seeded");
    await page.goto(`/tickets/${ticket.id}`);
    await shoot(page, "ticket");

    await page.getByRole("button", { name: "Buy" }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    await page.getByRole("timer").waitFor();
    await shoot(page, "order");

    await page.getByRole("button", { name: "Pay" }).click();
    await page.getByText("Paid", { exact: true }).first().waitFor({ timeout: 10_000 });
    const orderId = /\/orders\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? "";
    const order = await buyer.call<Order>("GET", `/api/orders/${orderId}`);
    if (order.body.status !== "complete") throw new Error(`the order is ${order.body.status}`);
    await shoot(page, "paid");
  } finally {
    await browser?.close();
    await stack.stop();
  }
}

await main();
