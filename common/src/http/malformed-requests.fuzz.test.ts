import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractBreach, type FuzzResponse } from "../testing/fuzz.js";
import { answerMalformedRequests } from "./malformed-requests.js";

const RUNS = 5_000;

/** Sends raw bytes and half-closes, as a broken client would, and reads the whole answer. */
async function rawExchange(port: number, bytes: Buffer): Promise<string> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let answer = "";
  socket.on("data", (chunk) => {
    answer += chunk.toString("latin1");
  });
  socket.on("error", () => {});
  socket.setTimeout(5_000, () => socket.destroy());
  socket.end(bytes);
  await once(socket, "close");
  return answer;
}

/** The first answer on the connection as a response: its status, headers and body. */
function firstResponse(answer: string): FuzzResponse {
  const [head = "", ...rest] = answer.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(":")).toLowerCase(),
      line.slice(line.indexOf(":") + 1).trim(),
    ]),
  );
  return { status: Number(statusLine.split(" ")[1]), headers, text: rest.join("\r\n\r\n") };
}

// Bytes anywhere in a request line or a header, control bytes and the 8-bit range included.
const anyBytes = fc
  .uint8Array({ maxLength: 30 })
  .map((bytes) => Buffer.from(bytes).toString("latin1"));
const token = fc.oneof(
  fc.constantFrom("GET", "POST", "BREW", "get", "G ET", "", "PRI", "M-SEARCH", "CONNECT"),
  anyBytes,
);
const target = fc.oneof(
  fc.constantFrom("/", "*", "/api/tickets/%E0%A4%A", "http://x/", "//", "/a b", "/\u0000"),
  anyBytes.map((junk) => `/${junk}`),
);
const version = fc.constantFrom(
  "HTTP/1.1",
  "HTTP/1.0",
  "HTTP/2.0",
  "HTTP/9",
  "HTTP/1.1 x",
  "",
  "http/1.1",
);
const header = fc.oneof(
  fc
    .tuple(fc.constantFrom("X-A", "Cookie", "Host", "Idempotency-Key", "Content-Type"), anyBytes)
    .map(([name, value]) => `${name}: ${value}`),
  anyBytes,
  fc.nat({ max: 20_000 }).map((size) => `X-Big: ${"a".repeat(size)}`),
  fc.constantFrom("X-A:\u0001", " folded", ":empty-name", "X-A b: c", "Host: a\rb"),
);
// The body's framing stays out: a request that announces a body the client never sends is
// waited for, not malformed.
const request = fc
  .tuple(token, target, version, fc.array(header, { maxLength: 4 }))
  .filter(([, , , headers]) =>
    headers.every((line) => !/content-length|transfer-encoding/i.test(line)),
  )
  .map(([method, path, http, headers]) =>
    Buffer.from(
      `${method} ${path} ${http}\r\nHost: x\r\n${headers.map((line) => `${line}\r\n`).join("")}\r\n`,
      "latin1",
    ),
  );

// Hundreds of requests a test: on a loaded machine they take several times what they take alone.
describe("raw HTTP a client could send, answered by a server with answerMalformedRequests", {
  timeout: 120_000,
}, () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader("Content-Type", "application/json");
      res.end("{}");
    });
    answerMalformedRequests(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it(`answers each of ${RUNS} raw requests, parsed or not, never with a bare status line`, async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(request, async (bytes) => {
        const answer = await rawExchange(port, bytes);
        sent++;
        const shown = JSON.stringify(bytes.toString("latin1").slice(0, 300));
        if (answer === "") throw new Error(`no answer at all to ${shown}`);
        const res = firstResponse(answer);
        const breach = contractBreach({ method: "GET", path: "/", headers: {} }, res);
        if (breach) throw new Error(`${breach} for ${shown}\n  → ${answer.slice(0, 300)}`);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(sent).toBe(RUNS);
  });
});
