import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, useBrowser } from "./browser.js";

// Pages that each do one thing the harness must catch, served from this machine.
const PAGES: Record<string, string> = {
  "/fine": `<main><h1>Fine</h1><p>Nothing wrong here.</p></main>`,
  "/offsite": `<main><h1>Offsite</h1><img alt="" src="http://offsite.invalid/pixel.png"></main>`,
  "/console": `<main><h1>Console</h1></main><script>console.error("something broke")</script>`,
  "/throws": `<main><h1>Throws</h1></main><script>null.boom()</script>`,
  "/inaccessible": `<main><h1>Inaccessible</h1><img src="/pixel.png"><input type="text"></main>`,
};

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><title>Harness</title></head><body>${body}</body></html>`;

/** The browser harness itself: what every storefront test relies on to fail when it should. */
describe("the browser tests' harness", { timeout: 30_000 }, () => {
  let server: Server;
  let url = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = PAGES[req.url ?? ""];
      res.writeHead(body ? 200 : 404, { "content-type": "text/html" });
      res.end(body ? page(body) : "");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const browser = useBrowser(() => url);

  /** What the visitor recorded; cleared, so this test's own end does not fail on it. */
  async function problemsOf(path: string): Promise<string[]> {
    const visitor = await browser.visitor({ expectedConsoleErrors: [/status of 404/] });
    await visitor.page.goto(path);
    await visitor.page.waitForLoadState("load");
    const seen = [...visitor.problems];
    visitor.problems.length = 0;
    return seen;
  }

  it("records nothing for a page that does nothing wrong", async () => {
    expect(await problemsOf("/fine")).toEqual([]);
  });

  it("aborts and records a request that would leave the machine", async () => {
    const problems = await problemsOf("/offsite");

    expect(problems).toContainEqual(
      "request left the machine: GET http://offsite.invalid/pixel.png",
    );
  });

  it("records console errors and uncaught errors", async () => {
    expect((await problemsOf("/console")).join("\n")).toMatch(/console error .*something broke/);
    expect((await problemsOf("/throws")).join("\n")).toMatch(/uncaught error .*boom/);
  });

  it("lists axe's violations, with JavaScript and without", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const visitor = await browser.visitor({
        javaScriptEnabled,
        expectedConsoleErrors: [/status of 404/],
      });
      await visitor.page.goto("/inaccessible");

      const check = expectAccessible(visitor.page, "the inaccessible page");

      await expect(check).rejects.toThrow(/accessibility violations on the inaccessible page/);
      await expect(check).rejects.toThrow(/image-alt/);
      await expect(check).rejects.toThrow(/label/);
      visitor.problems.length = 0;
    }
  });

  it("passes an accessible page", async () => {
    const visitor = await browser.visitor({ javaScriptEnabled: false });
    await visitor.page.goto("/fine");

    await expect(expectAccessible(visitor.page)).resolves.toBeUndefined();
  });
});
