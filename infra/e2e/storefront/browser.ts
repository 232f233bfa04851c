import { AxeBuilder } from "@axe-core/playwright";
import { eventually } from "@microtickets/common/testing";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { launchChromium } from "../../scripts/chromium.js";
import { ApiClient } from "../client.js";
import { type RunningStack, startStack } from "../stack.js";

const ACTION_TIMEOUT_MS = 45_000;

/** How long a browser test file's stack may take to come up on a busy machine. */
const STACK_READY_MS = 180_000;

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** WCAG 2.1 AA, as the contract asks: axe's rules tagged for each level up to it. */
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface VisitorOptions {
  javaScriptEnabled?: boolean;
  colorScheme?: "light" | "dark";
  /** 1280×800 unless given. */
  viewport?: { width: number; height: number };
  /** A console error this test expects (Chromium logs every 404 it loads as one). */
  expectedConsoleErrors?: RegExp[];
  /** Signed in from the start, with the session of an account made through the API. */
  session?: Account;
}

/** An account made through the gateway's API, its session shared with the browser on demand. */
export interface Account {
  api: ApiClient;
  email: string;
  password: string;
}

/** One visitor: a fresh browser context (its own cookies) with one page. */
export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Requests that tried to leave the machine, console errors and uncaught page errors. */
  problems: string[];
}

export interface BrowserHarness {
  /** A new visitor for this test; closed, and checked for problems, when the test ends. */
  visitor(options?: VisitorOptions): Promise<Visitor>;
  /** A new account, signed up through the gateway's API (for tests about something else). */
  account(): Promise<Account>;
}

/**
 * A whole stack of its own (`npm start` in a namespace) for one test file, started before its
 * tests and stopped after them, and Chromium against it.
 */
export function useStorefront(env: NodeJS.ProcessEnv = {}): BrowserHarness {
  let stack: RunningStack | undefined;
  beforeAll(async () => {
    stack = await startStack(env, { readyTimeoutMs: STACK_READY_MS });
  }, STACK_READY_MS + 10_000);
  afterAll(async () => {
    if (stack && stack.launcher.exitCode === null) await stack.stop();
  });
  return useBrowser(() => {
    if (!stack) throw new Error("the stack did not start");
    return stack.url;
  });
}

/**
 * Chromium for one test file, against the stack at `baseUrl()`. Every visitor's requests go
 * through a route that lets only this machine through: anything else is aborted and fails the
 * test, as does any console error or uncaught error in a page.
 */
export function useBrowser(baseUrl: () => string): BrowserHarness {
  let browser: Browser | undefined;
  let open: Visitor[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const finished = open;
    open = [];
    await Promise.all(finished.map((visitor) => visitor.context.close()));
    const problems = finished.flatMap((visitor) => visitor.problems);
    if (problems.length > 0) {
      throw new Error(`the browser saw problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
  });

  return {
    async visitor(options = {}) {
      if (!browser) throw new Error("the browser is not running (useBrowser outside a describe?)");
      const context = await browser.newContext({
        baseURL: baseUrl(),
        javaScriptEnabled: options.javaScriptEnabled ?? true,
        viewport: options.viewport ?? { width: 1280, height: 800 },
        colorScheme: options.colorScheme ?? "light",
        locale: "en-US",
      });
      // Generous: on a loaded two-core machine a first render can take seconds. What must be
      // fast (live updates within 2 s) is asserted with its own, tighter deadline.
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      if (options.javaScriptEnabled === false) withoutJavaScript.add(context);
      const visitor: Visitor = { context, page: await context.newPage(), problems: [] };
      open.push(visitor);
      watch(visitor, options.expectedConsoleErrors ?? []);
      const cookie = options.session?.api.cookie;
      if (cookie) await addSession(context, baseUrl(), cookie);
      return visitor;
    },
    async account() {
      const api = new ApiClient(baseUrl());
      const { email } = await api.signUp();
      // The password ApiClient.signUp gives every account.
      return { api, email, password: "password1" };
    },
  };
}

function watch(visitor: Visitor, expectedConsoleErrors: RegExp[]): void {
  const { context, problems } = visitor;
  void context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (LOCAL_HOSTS.has(url.hostname)) {
      await route.continue();
      return;
    }
    problems.push(`request left the machine: ${route.request().method()} ${url.href}`);
    await route.abort("blockedbyclient");
  });
  context.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    if (expectedConsoleErrors.some((pattern) => pattern.test(text))) return;
    const where = message.location().url;
    problems.push(
      `console error on ${message.page()?.url() ?? "?"}: ${text}${where ? ` (${where})` : ""}`,
    );
  });
  context.on("weberror", (error) => {
    problems.push(`uncaught error on ${error.page()?.url() ?? "?"}: ${error.error().message}`);
  });
}

async function addSession(context: BrowserContext, baseUrl: string, cookie: string) {
  const [name = "session", ...value] = cookie.split("=");
  await context.addCookies([
    { name, value: value.join("="), url: baseUrl, httpOnly: true, sameSite: "Lax" },
  ]);
}

/** Contexts made with JavaScript off: axe, itself JavaScript, cannot run in their pages. */
const withoutJavaScript = new WeakSet<BrowserContext>();

/**
 * axe's WCAG 2.1 AA checks on the page as it is now; fails with each violation, its elements and
 * what to fix, so the failure reads without opening a report.
 */
export async function expectAccessible(page: Page, state = page.url()): Promise<void> {
  await titleSettled(page);
  const results = withoutJavaScript.has(page.context())
    ? await analyzeSnapshot(page)
    : await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  if (results.violations.length === 0) return;
  const lines = results.violations.flatMap((violation) => [
    `${violation.id} (${violation.impact ?? "?"}): ${violation.help}`,
    ...violation.nodes.slice(0, 5).map((node) => {
      const summary = (node.failureSummary ?? "").replace(/\s+/g, " ").trim();
      return `    ${node.target.join(" ")}: ${summary}`;
    }),
  ]);
  throw new Error(`accessibility violations on ${state}:\n  ${lines.join("\n  ")}`);
}

/**
 * Next.js streams a page's metadata: after a client-side navigation the document has no <title>
 * until the new one arrives, a few milliseconds later. Waits for it (a page that never gets one
 * still fails, in axe's words).
 */
async function titleSettled(page: Page): Promise<void> {
  if (withoutJavaScript.has(page.context())) return;
  await page
    .waitForFunction('document.title.trim() !== ""', undefined, { timeout: 5_000 })
    .catch(() => undefined);
}

/**
 * A page without JavaScript, checked as it is: its document, scripts removed and <noscript>
 * shown as that browser shows it, served at the same address (so its styles load) to a
 * scratch page where axe can run.
 */
async function analyzeSnapshot(page: Page) {
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<\/?noscript>/gi, "");
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser behind this page");
  const scratch = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  try {
    const copy = await scratch.newPage();
    const url = page.url();
    await copy.route("**/*", async (route) => {
      const request = route.request();
      if (request.url() === url) {
        await route.fulfill({ contentType: "text/html; charset=utf-8", body: html });
      } else if (request.resourceType() === "stylesheet" || request.resourceType() === "font") {
        await route.continue();
      } else {
        await route.abort();
      }
    });
    await copy.goto(url);
    return await new AxeBuilder({ page: copy }).withTags(WCAG_21_AA).analyze();
  } finally {
    await scratch.close();
  }
}

/** Waits for `locator`'s text to satisfy `matches` (the storefront updates it live). */
export async function waitForText(
  locator: Locator,
  matches: RegExp | string,
  timeoutMs = ACTION_TIMEOUT_MS,
): Promise<string> {
  let text = "";
  const found = (value: string) =>
    typeof matches === "string" ? value.includes(matches) : matches.test(value);
  return eventually(
    async () => {
      text = (await locator.textContent({ timeout: 1_000 }).catch(() => null)) ?? "";
      return found(text) ? text : undefined;
    },
    { timeoutMs, intervalMs: 50 },
  ).catch(() => {
    throw new Error(`waited ${timeoutMs} ms for ${String(matches)}; the text is: ${text.trim()}`);
  });
}

export type TestCard = "Visa (succeeds)" | "Declined" | "3-D Secure";

/** Chooses one of the payment form's "Test card" options, a select or radio buttons alike. */
export async function chooseTestCard(page: Page, card: TestCard): Promise<void> {
  const select = page.getByRole("combobox", { name: "Test card" });
  if ((await select.count()) > 0) {
    await select.selectOption({ label: card });
    return;
  }
  await page.getByRole("radio", { name: card }).check();
}

/**
 * The text of the page's alert. Within the main landmark: Next's route announcer, outside it, is
 * an alert too, which reads out the title of each page navigated to.
 */
export async function alertText(page: Page, timeoutMs = ACTION_TIMEOUT_MS): Promise<string> {
  const alert = page.getByRole("main").getByRole("alert").filter({ hasText: /\S/ }).first();
  return waitForText(alert, /\S/, timeoutMs);
}
