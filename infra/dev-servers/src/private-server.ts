import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSearchDirs, findExecutable } from "./binaries.js";
import { startNats } from "./nats.js";
import { freePort, LOOPBACK } from "./ports.js";
import { startRedis } from "./redis.js";
import type { RunningServer, ServerOptions } from "./running-server.js";
import { SetupError } from "./setup-error.js";

/** A server of the test's own, for what cannot be done to the shared one: stop and restart it. */
export interface PrivateServer {
  /** Known before the first start: a client may be connecting while the server is down. */
  url: string;
  start(): Promise<void>;
  /** Stops the server (SIGTERM), keeping its data for the next start: a restart. */
  stop(): Promise<void>;
  /** Stops the server and removes its data. */
  destroy(): Promise<void>;
}

interface PrivateServerSpec {
  program: string;
  /** The URL scheme the server's starter answers with. */
  scheme: string;
  start(binary: string, options: ServerOptions): Promise<RunningServer>;
}

/** Not started yet; its port and data directory stay the same across restarts. */
async function createPrivateServer({
  program,
  scheme,
  start,
}: PrivateServerSpec): Promise<PrivateServer> {
  const binary = findExecutable(program, defaultSearchDirs());
  if (!binary) throw new SetupError(`${program} is not installed.`);
  const port = await freePort(LOOPBACK);
  const root = await mkdtemp(join(tmpdir(), `microtickets-${program}-`));
  const options: ServerOptions = {
    dataDir: join(root, "data"),
    logFile: join(root, `${program}.log`),
    host: LOOPBACK,
    port,
    startTimeoutMs: 30_000,
    detached: false,
  };
  let running: RunningServer | undefined;
  const stop = async () => {
    const server = running;
    running = undefined;
    await server?.stop();
  };
  return {
    url: `${scheme}://${LOOPBACK}:${port}`,
    start: async () => {
      if (running) return;
      running = await start(binary, options);
    },
    stop,
    destroy: async () => {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A NATS server with JetStream; its streams survive a restart. */
export function createPrivateNatsServer(): Promise<PrivateServer> {
  return createPrivateServer({ program: "nats-server", scheme: "nats", start: startNats });
}

/** A Redis server, at hz 100 as the launcher runs it; its append-only file survives a restart. */
export function createPrivateRedisServer(): Promise<PrivateServer> {
  return createPrivateServer({ program: "redis-server", scheme: "redis", start: startRedis });
}
