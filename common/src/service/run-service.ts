import type { z } from "zod";
import { ConfigError } from "../config.js";
import { createLogger } from "../logger.js";
import type { ServiceDefinition } from "./define-service.js";
import { startService } from "./start-service.js";

const SHUTDOWN_DEADLINE_MS = 20_000;

/**
 * A service's process: starts it from the environment, then on SIGTERM/SIGINT stops it (in the
 * order `RunningService.stop` keeps) and exits 0. A bad configuration exits 1 with one line
 * naming the variable; any other failure to start exits 1 with the error logged.
 */
export async function runService<S extends z.ZodObject, D>(
  definition: ServiceDefinition<S, D>,
): Promise<void> {
  const { name } = definition;
  const logger = createLogger(name);
  let service: Awaited<ReturnType<typeof startService<S, D>>>;
  try {
    service = await startService(definition, { logger });
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
    // Each step's failure is logged as it happens; the others still run.
    await service.stop().catch(() => {});
    logger.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}
