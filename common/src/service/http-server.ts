import { once } from "node:events";
import type { Server } from "node:http";
import type { Express } from "express";
import { answerMalformedRequests } from "../http/malformed-requests.js";

export async function listen(app: Express, port: number): Promise<Server> {
  const server = app.listen(port);
  await once(server, "listening");
  // Longer than a load balancer's idle timeout, so it never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  answerMalformedRequests(server);
  return server;
}

/** Stops accepting connections and resolves once in-flight requests have finished. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection busy now goes idle once its response is sent, and would then hold
  // the server open until its keep-alive timeout (65 s): close idle ones as they appear.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
  }
}
