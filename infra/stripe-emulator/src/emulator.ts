import { createServer, type Server } from "node:http";
import { StripeAccount } from "./account/account.js";
import { EventLog } from "./account/events.js";
import { authenticatePaymentIntent } from "./account/payment-intents.js";
import { buildApp } from "./app.js";
import type { EmulatorControls } from "./control.js";
import { StripeFaults } from "./faults.js";
import { type HoldHandle, ResponseHold } from "./hold.js";
import { IdempotencyKeys } from "./idempotency.js";
import { type Ledger, LedgerBook } from "./ledger.js";
import { type EmulatorLogger, silentLogger } from "./logger.js";
import {
  DEFAULT_WEBHOOK_RETRY,
  WebhookDeliveries,
  type WebhookEndpoint,
  type WebhookRetryPolicy,
} from "./webhooks.js";

export interface StripeEmulatorOptions {
  /** 0 (the default) takes any free port; the emulator listens on 127.0.0.1. */
  port?: number;
  /** Where to POST signed events; may be set later with setWebhook. */
  webhook?: WebhookEndpoint;
  /** Default: 100 ms doubling to 10 s, 1000 attempts. */
  webhookRetry?: WebhookRetryPolicy;
  /** pino-compatible; silent by default. */
  logger?: EmulatorLogger;
}

export interface StripeEmulator {
  /** http://127.0.0.1:PORT: what STRIPE_API_BASE is set to. */
  url: string;
  /** Events made from now on go there (Stripe sends none made before an endpoint existed). */
  setWebhook(webhook: WebhookEndpoint | undefined): void;
  /** Copies of every charge and refund so far. */
  ledger(): Ledger;
  /** The buyer finishing (or failing) 3-D Secure on a PaymentIntent in `requires_action`. */
  authenticate(paymentIntentId: string, outcome: "succeed" | "fail"): Promise<void>;
  /** Withholds the answers to requests that charge until release (see hold.ts). */
  hold(): HoldHandle;
  /** Resolves when no webhook delivery is in flight or waiting for a retry. */
  webhooksSettled(): Promise<void>;
  /** Stops the server and the webhook retries. */
  close(): Promise<void>;
}

/** A Stripe of one test-mode account, in this process: state in memory, gone at close. */
export async function startStripeEmulator(
  options: StripeEmulatorOptions = {},
): Promise<StripeEmulator> {
  const logger = options.logger ?? silentLogger;
  let webhook = checkedWebhook(options.webhook);

  const hold = new ResponseHold();
  const faults = new StripeFaults();
  const deliveries = new WebhookDeliveries(
    () => webhook,
    options.webhookRetry ?? DEFAULT_WEBHOOK_RETRY,
    logger,
    (eventId) => events.markDelivered(eventId),
  );
  const events = new EventLog(
    () => webhook !== undefined,
    // Stripe pretty-prints event bodies; the JSON is made at each attempt.
    // While answers are held, so are webhooks: the caller hears of the charge by neither.
    (event) =>
      void hold
        .passage()
        .then(() =>
          faults.deliver(() =>
            deliveries.deliver({ ...event, body: () => JSON.stringify(event, null, 2) }),
          ),
        ),
  );
  const ledger = new LedgerBook();
  const account = new StripeAccount(events, ledger);

  const controls: EmulatorControls = {
    ledger: () => ledger.snapshot(),
    authenticate: async (paymentIntentId, outcome) => {
      const chargesBefore = ledger.chargeCount;
      const paymentIntent = structuredClone(
        authenticatePaymentIntent(account, paymentIntentId, outcome),
      );
      if (ledger.chargeCount > chargesBefore) await hold.passage();
      return paymentIntent;
    },
    hold: () => hold.hold(),
    release: () => hold.release(),
  };
  const app = buildApp({
    account,
    idempotencyKeys: new IdempotencyKeys(),
    hold,
    controls,
    logger,
    faults,
  });
  const server = await listen(createServer(app), options.port ?? 0);

  return {
    url: `http://127.0.0.1:${portOf(server)}`,
    setWebhook: (next) => {
      webhook = checkedWebhook(next);
    },
    ledger: controls.ledger,
    authenticate: async (paymentIntentId, outcome) => {
      await controls.authenticate(paymentIntentId, outcome);
    },
    hold: controls.hold,
    webhooksSettled: () => deliveries.settled(),
    close: async () => {
      deliveries.close();
      faults.close();
      hold.release();
      await closeServer(server);
    },
  };
}

/** Fails at configuration, not at the first delivery, on a URL that cannot be posted to. */
function checkedWebhook(webhook: WebhookEndpoint | undefined): WebhookEndpoint | undefined {
  if (!webhook) return undefined;
  const { protocol } = new URL(webhook.url);
  if (protocol !== "http:" && protocol !== "https:") {
    throw new Error(`webhook url must be http(s): ${webhook.url}`);
  }
  if (!webhook.secret) throw new Error("webhook secret must not be empty");
  return { url: webhook.url, secret: webhook.secret };
}

function listen(server: Server, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

function portOf(server: Server): number {
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("server is not listening");
  return address.port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error && (error as NodeJS.ErrnoException).code !== "ERR_SERVER_NOT_RUNNING")
        reject(error);
      else resolve();
    });
    // Keep-alive connections (the SDK keeps its own) would hold close() open.
    server.closeAllConnections();
  });
}
