import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eventually } from "@microtickets/common/testing";
import { freePort } from "@microtickets/dev-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureStorefrontBuilt } from "../../launcher/storefront-build.js";

const APIS = ["auth", "tickets", "orders", "payments"] as const;

/** An API's address that records the paths it was asked for and answers each with an empty list. */
async function recordingApi(): Promise<{ server: Server; url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" });
    res.end("[]");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

/**
 * The built storefront as a Kubernetes pod runs it: no gateway in front, each API at its own
 * Service's address (AUTH_API_URL …, no API_URL), and every path the ingress sends it, `/api/*`
 * paths no API serves among them.
 */
describe("the storefront without the gateway, as in a cluster", { timeout: 300_000 }, () => {
  const apis = new Map<(typeof APIS)[number], Awaited<ReturnType<typeof recordingApi>>>();
  let storefront: ChildProcess;
  let url = "";

  beforeAll(async () => {
    const build = await ensureStorefrontBuilt(() => {});
    for (const name of APIS) apis.set(name, await recordingApi());
    const port = await freePort();
    storefront = spawn(process.execPath, [build.serverScript], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        HOSTNAME: "127.0.0.1",
        PORT: String(port),
        ...Object.fromEntries(
          APIS.map((name) => [`${name.toUpperCase()}_API_URL`, apis.get(name)?.url]),
        ),
      },
      stdio: "ignore",
    });
    url = `http://127.0.0.1:${port}`;
    await eventually(async () => (await fetch(`${url}/healthz`)).ok, { timeoutMs: 60_000 });
  });

  afterAll(async () => {
    storefront?.kill("SIGTERM");
    for (const { server } of apis.values()) server.close();
  });

  it("asks the tickets API itself for the listings of the home page", async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(apis.get("tickets")?.paths.some((path) => path.startsWith("/api/tickets?"))).toBe(true);
    for (const name of ["orders", "payments"] as const) expect(apis.get(name)?.paths).toEqual([]);
  });

  it.each([
    ["GET", "/api/nothing-here"],
    ["POST", "/api/users-old/signin"],
    ["DELETE", "/api/v2/orders/1"],
  ])("answers %s %s, which no API serves, with the JSON 404", async (method, path) => {
    const response = await fetch(`${url}${path}`, { method });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ errors: [{ message: "Not found" }] });
  });

  it("keeps the not-found page for paths outside /api", async () => {
    const response = await fetch(`${url}/no-such-page`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  });
});
