import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerMalformedRequests } from "./malformed-requests.js";

/** Sends raw bytes, as a broken client would, and reads the whole answer. */
async function rawRequest(port: number, bytes: string): Promise<string> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  let answer = "";
  socket.on("data", (chunk) => {
    answer += chunk;
  });
  socket.on("error", () => {});
  socket.write(bytes);
  await once(socket, "close");
  return answer;
}

function parse(answer: string) {
  const [head = "", body = ""] = answer.split("\r\n\r\n");
  const [statusLine, ...headers] = head.split("\r\n");
  return { statusLine, headers: headers.map((line) => line.toLowerCase()), body };
}

describe("a request Node's HTTP parser refuses", () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end("ok"));
    answerMalformedRequests(server);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it.each([
    ["an unknown method", "BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 400, "Unknown request method"],
    [
      "a control byte in a header",
      "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n",
      400,
      "Malformed HTTP request",
    ],
    [
      "more than 16 kB of headers",
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(17 * 1024)}\r\n\r\n`,
      431,
      "Request headers too large",
    ],
    [
      "CONNECT, a proxy's method",
      "CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n",
      400,
      "CONNECT is not served here",
    ],
    [
      "a header line without a colon",
      "GET / HTTP/1.1\r\nHost x\r\n\r\n",
      400,
      "Malformed HTTP request",
    ],
  ])("is answered, for %s, in the error shape", async (_, bytes, status, message) => {
    const { statusLine, headers, body } = parse(await rawRequest(port, bytes));

    expect(statusLine).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(headers).toContain("content-type: application/json; charset=utf-8");
    expect(headers).toContain("connection: close");
    expect(JSON.parse(body)).toEqual({ errors: [{ message }] });
  });

  it("leaves a well-formed request to the server", async () => {
    const { statusLine, body } = parse(
      await rawRequest(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
    );
    expect(statusLine).toBe("HTTP/1.1 200 OK");
    expect(body).toBe("ok");
  });
});
