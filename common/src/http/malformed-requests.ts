import { type Server, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/** What Node's HTTP parser refused, as the contract's status and a message for the client. */
function answerFor(code: string | undefined): [status: number, message: string] {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return [431, "Request headers too large"];
    case "HPE_INVALID_METHOD":
      return [400, "Unknown request method"];
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return [408, "Request timed out"];
    default:
      return [400, "Malformed HTTP request"];
  }
}

/**
 * A request Node cannot parse (control bytes in a header, headers over 16 kB, an unknown
 * method) never reaches a route: Node answers it with a bare status line (and a CONNECT with
 * none). This answers both in the error shape instead, with a JSON body, and closes the
 * connection, as the parser's state is lost.
 */
export function answerMalformedRequests(server: Server): void {
  // A proxy's method: with no listener Node would drop the connection without a word.
  server.on("connect", (_req, socket: Duplex) => {
    answer(socket, 400, "CONNECT is not served here");
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A client gone (or a response already started on this socket): nothing can be said.
    const responding = (socket as { _httpMessage?: unknown })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || responding) {
      socket.destroy();
      return;
    }
    answer(socket, ...answerFor(error.code));
  });
}

/** The error shape written straight to the socket, which is closed after it. */
function answer(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ errors: [{ message }] });
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      "Content-Type: application/json; charset=utf-8",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "Connection: close",
      "",
      body,
    ].join("\r\n"),
  );
}
