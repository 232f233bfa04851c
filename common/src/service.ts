import { once } from "node:events";
import type { Server } from "node:http";
import type { Express } from "express";
import { ConfigError } from "./config.js";
import { createLogger, type Logger } from "./logger.js";

/** Something to stop on shutdown, in the order given. */
export type Stop = () => Promise<void>;

const SHUTDOWN_DEADLINE_MS = 20_000;

export async function listen(app: Express, port: number): Promise<Server> {
  const server = app.listen(port);
  await once(server, "listening");
  // Longer than a load balancer's idle timeout, so it never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
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

/**
 * Runs a service: starts it, then on SIGTERM/SIGINT stops it in order (stop taking requests,
 * drain consumers and relay, close pools) and exits 0. A bad configuration exits 1 with one line.
 */
export async function runService(
  name: string,
  start: (logger: Logger) => Promise<Stop[]>,
): Promise<void> {
  const logger = createLogger(name);
  let stops: Stop[];
  try {
    stops = await start(logger);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${name}: ${error.message}`);
    } else {
      logger.fatal({ err: error }, "failed to start");
    }
    process.exit(1);
  }
  logger.info("started");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error("shutdown deadline passed, exiting");
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    for (const stop of stops) {
      await stop().catch((error: unknown) => logger.error({ err: error }, "error while stopping"));
    }
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
