// The emulator as its own process: `npm start` in this folder, or the launcher.
// PORT (default 12111, 0 = any free port), STRIPE_WEBHOOK_URL and STRIPE_WEBHOOK_SECRET.
import { startStripeEmulator } from "./emulator.js";
import type { EmulatorLogger } from "./logger.js";
import type { WebhookEndpoint } from "./webhooks.js";

const DEFAULT_PORT = 12111;

const logger = jsonLinesLogger("stripe-emulator");

const emulator = await startStripeEmulator({
  port: portFrom(process.env.PORT),
  webhook: webhookFrom(process.env),
  logger,
});
logger.info(
  { url: emulator.url, webhookUrl: process.env.STRIPE_WEBHOOK_URL ?? null },
  "stripe emulator listening",
);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "stripe emulator did not close cleanly");
        process.exit(1);
      },
    );
  });
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    configurationError("PORT: must be a port number from 0 to 65535");
  }
  return port;
}

function webhookFrom(env: NodeJS.ProcessEnv): WebhookEndpoint | undefined {
  const url = env.STRIPE_WEBHOOK_URL || undefined;
  const secret = env.STRIPE_WEBHOOK_SECRET || undefined;
  if (!url && !secret) return undefined;
  if (!url || !secret) {
    configurationError("STRIPE_WEBHOOK_URL and STRIPE_WEBHOOK_SECRET: set both or neither");
  }
  if (!URL.canParse(url)) configurationError("STRIPE_WEBHOOK_URL: must be a URL");
  return { url, secret };
}

function configurationError(message: string): never {
  console.error(`Invalid configuration: ${message}`);
  process.exit(1);
}

/** pino's line shape on stdout, so the emulator's log reads like the services'. */
function jsonLinesLogger(name: string): EmulatorLogger {
  const write = (level: number) => (obj: object, msg?: string) => {
    const line = { level, time: Date.now(), name, ...obj, ...(msg !== undefined && { msg }) };
    process.stdout.write(`${JSON.stringify(line, errorsAsObjects)}\n`);
  };
  return { info: write(30), warn: write(40), error: write(50) };
}

function errorsAsObjects(_key: string, value: unknown): unknown {
  return value instanceof Error
    ? { type: value.name, message: value.message, stack: value.stack }
    : value;
}
