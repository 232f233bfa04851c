import { once } from "node:events";
import { type AddressInfo, createServer } from "node:net";
import { SetupError } from "./setup-error.js";

export const LOOPBACK = "127.0.0.1";

/**
 * A port the OS says is free right now. Another process could take it before we bind it; the
 * window is milliseconds and a clash shows up as a server failing to start, not silently.
 */
export async function freePort(host = LOOPBACK): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether nothing listens on `port` (any interface), i.e. we could bind it. */
export async function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  try {
    server.listen(port);
    await once(server, "listening");
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") return false;
    // EACCES (a port below 1024 without root) is not "in use": say what it is.
    throw new SetupError(`Cannot listen on port ${port}: ${code ?? String(error)}`);
  } finally {
    server.close();
  }
}
