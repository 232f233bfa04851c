import { once } from "node:events";
import type { Server } from "node:http";

/** Listens on `port` (all interfaces, as ingress does); EADDRINUSE surfaces as a clear error. */
export async function listen(server: Server, port: number, host?: string): Promise<void> {
  server.listen(port, host);
  await Promise.race([
    once(server, "listening"),
    once(server, "error").then(([error]) => {
      throw (error as NodeJS.ErrnoException).code === "EADDRINUSE"
        ? new Error(`Port ${port} is already in use`)
        : error;
    }),
  ]);
}

/** Emitted as `close` begins, for responses that never finish by themselves (event streams). */
export const CLOSING = "closing";

/** Stops taking connections, lets in-flight requests finish for `graceMs`, then cuts the rest. */
export async function close(server: Server, graceMs = 5_000): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.emit(CLOSING);
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
