import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway } from "./gateway.js";

interface Echo {
  upstream: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real upstream that answers with what it received, so the test sees what was forwarded. */
async function startEcho(name: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const echo: Echo = {
      upstream: name,
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(echo));
  });
  return { server, url: await listen(server) };
}

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port that refuses connections: bound once, then released. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

const servers: Server[] = [];
let users: string;
let usersReplica: string;
let tickets: string;
let storefront: string;
let down: string;

async function gateway(options: Parameters<typeof createGateway>[0]): Promise<string> {
  const server = createGateway(options);
  servers.push(server);
  return listen(server);
}

async function echoOf(response: Response): Promise<Echo> {
  expect(response.status).toBe(200);
  return (await response.json()) as Echo;
}

beforeAll(async () => {
  const started = await Promise.all(
    ["users", "users-2", "tickets", "storefront"].map((name) => startEcho(name)),
  );
  servers.push(...started.map((echo) => echo.server));
  [users, usersReplica, tickets, storefront] = started.map((echo) => echo.url) as [
    string,
    string,
    string,
    string,
  ];
  down = await closedPortUrl();
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("gateway routing", () => {
  let base: string;
  beforeAll(async () => {
    base = await gateway({
      routes: [
        { prefix: "/api/users", targets: [users] },
        { prefix: "/api/tickets", targets: [tickets] },
      ],
    });
  });

  it("sends a prefix and its subpaths to the route's upstream with the path and query kept", async () => {
    const signin = await echoOf(await fetch(`${base}/api/users/signin`));
    const ticket = await echoOf(await fetch(`${base}/api/tickets/42?limit=5`));
    const exact = await echoOf(await fetch(`${base}/api/users`));

    expect(signin).toMatchObject({ upstream: "users", url: "/api/users/signin" });
    expect(ticket).toMatchObject({ upstream: "tickets", url: "/api/tickets/42?limit=5" });
    expect(exact).toMatchObject({ upstream: "users", url: "/api/users" });
  });

  it("streams the request body and method through unchanged", async () => {
    const body = JSON.stringify({ email: "a@b.co", password: "x".repeat(50_000) });

    const echo = await echoOf(
      await fetch(`${base}/api/users/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    );

    expect(echo.method).toBe("POST");
    expect(echo.body).toBe(body);
    expect(echo.headers["content-type"]).toBe("application/json");
  });

  it("sets X-Forwarded-For to the client address, ignoring what the client claims", async () => {
    const echo = await echoOf(
      await fetch(`${base}/api/users/currentuser`, { headers: { "x-forwarded-for": "6.6.6.6" } }),
    );

    expect(echo.headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(echo.headers["x-forwarded-proto"]).toBe("http");
  });

  it("matches whole path elements only, like a Kubernetes Prefix path", async () => {
    const response = await fetch(`${base}/api/usersx`);

    expect(response.status).toBe(404);
  });

  it("answers an unknown /api path with a JSON 404", async () => {
    for (const path of ["/api/nope", "/api", "/api/"]) {
      const response = await fetch(`${base}${path}`);

      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ errors: [{ message: "Not found" }] });
    }
  });

  it("answers a request it cannot parse in the error shape, not with a bare status line", async () => {
    const socket = connect(Number(new URL(base).port), "127.0.0.1");
    await once(socket, "connect");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    socket.write(`GET /api/users HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(17 * 1024)}\r\n\r\n`);
    await once(socket, "close");

    expect(answer).toMatch(/^HTTP\/1.1 431 /);
    expect(answer).toMatch(/\r\ncontent-type: application\/json/i);
    expect(answer.split("\r\n\r\n")[1]).toBe(
      JSON.stringify({ errors: [{ message: "Request headers too large" }] }),
    );
  });

  it("answers / with a JSON 404 while there is no storefront", async () => {
    const response = await fetch(`${base}/`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ errors: [{ message: "Not found" }] });
  });
});

describe("gateway X-Forwarded-For", () => {
  const routes = () => [{ prefix: "/api/users", targets: [users] }];
  const forwarded = async (base: string, headers: Record<string, string>) => {
    const echo = await echoOf(await fetch(`${base}/api/users/currentuser`, { headers }));
    return { forwardedFor: echo.headers["x-forwarded-for"], realIp: echo.headers["x-real-ip"] };
  };

  it("on the public listener, replaces what the client claims with the connection's address", async () => {
    const base = await gateway({ routes: routes() });

    const claimed = await forwarded(base, { "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6" });

    expect(claimed).toEqual({ forwardedFor: "127.0.0.1", realIp: "127.0.0.1" });
  });

  it("on the internal listener, keeps the visitor the storefront forwards", async () => {
    const base = await gateway({ routes: routes(), forwardedFor: "keep" });

    const one = await forwarded(base, { "x-forwarded-for": "203.0.113.7" });
    const chain = await forwarded(base, { "x-forwarded-for": "10.1.1.1, 203.0.113.7" });
    const none = await forwarded(base, {});

    expect(one).toEqual({ forwardedFor: "203.0.113.7", realIp: "203.0.113.7" });
    // Unchanged, nothing appended: the services trust one hop, so they read its last entry.
    expect(chain).toEqual({ forwardedFor: "10.1.1.1, 203.0.113.7", realIp: "203.0.113.7" });
    expect(none).toEqual({ forwardedFor: "127.0.0.1", realIp: "127.0.0.1" });
  });
});

describe("gateway fallback", () => {
  it("sends every non-API path to the storefront but keeps unknown API paths 404", async () => {
    const base = await gateway({
      routes: [{ prefix: "/api/users", targets: [users] }],
      fallback: [storefront],
    });

    const home = await echoOf(await fetch(`${base}/`));
    const page = await echoOf(await fetch(`${base}/tickets/new`));
    const unknownApi = await fetch(`${base}/api/orders`);

    expect(home).toMatchObject({ upstream: "storefront", url: "/" });
    expect(page).toMatchObject({ upstream: "storefront", url: "/tickets/new" });
    expect(unknownApi.status).toBe(404);
  });
});

describe("gateway with upstreams down", () => {
  it("answers 502 in the JSON shape when the only upstream refuses connections", async () => {
    const base = await gateway({ routes: [{ prefix: "/api/orders", targets: [down] }] });

    for (const method of ["GET", "POST"]) {
      const response = await fetch(`${base}/api/orders`, { method });

      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ errors: [{ message: "Service unavailable" }] });
    }
  });

  it("retries a GET on the next replica when one is down", async () => {
    const base = await gateway({ routes: [{ prefix: "/api/users", targets: [down, users] }] });

    for (let i = 0; i < 4; i++) {
      const echo = await echoOf(await fetch(`${base}/api/users/currentuser`));
      expect(echo.upstream).toBe("users");
    }
  });
});

describe("gateway load balancing", () => {
  it("takes the replicas of a route in turn", async () => {
    const base = await gateway({
      routes: [{ prefix: "/api/users", targets: [users, usersReplica] }],
    });

    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push((await echoOf(await fetch(`${base}/api/users/currentuser`))).upstream);
    }

    expect(seen).toEqual(["users", "users-2", "users", "users-2"]);
  });
});
