import { once } from "node:events";
import { createServer } from "node:net";
import { SetupError } from "./setup-error.js";

export const LOOPBACK = "127.0.0.1";

/**
 * Where `freePort` looks: below the ephemeral ranges of Linux (32768–60999) and macOS
 * (49152–65535), so no outgoing connection holds one, and above the stable ports the launcher
 * prefers (4101 …).
 */
export const FREE_PORT_RANGE = { from: 20_000, to: 32_767 } as const;

/** Ports this process has handed out, bound by now or about to be. */
const handedOut = new Set<number>();

/**
 * A port nothing listens on, never one this process has handed out before. The caller (often a
 * child process, seconds later) binds it, so until then nothing holds it: the OS's own choice
 * (`listen(0)`) offers a port just closed again at once, to this process or the next, which is
 * how two servers of one stack came to share one. A random pick from a range the OS never
 * offers leaves other processes a clash only by the same draw.
 */
export async function freePort(host = LOOPBACK): Promise<number> {
  const size = FREE_PORT_RANGE.to - FREE_PORT_RANGE.from + 1;
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const port = FREE_PORT_RANGE.from + Math.floor(Math.random() * size);
    if (handedOut.has(port) || !(await canListen(port, host))) continue;
    handedOut.add(port);
    return port;
  }
  throw new SetupError(
    `No free port on ${host} between ${FREE_PORT_RANGE.from} and ${FREE_PORT_RANGE.to}`,
  );
}

/** Whether nothing listens on `port` (any interface), i.e. we could bind it. */
export async function isPortFree(port: number): Promise<boolean> {
  return canListen(port);
}

async function canListen(port: number, host?: string): Promise<boolean> {
  const server = createServer();
  try {
    server.listen(port, host);
    await once(server, "listening");
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") return false;
    // EACCES (a port below 1024 without root) is not "in use": say what it is.
    throw new SetupError(`Cannot listen on port ${port}: ${code ?? String(error)}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
