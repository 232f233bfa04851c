import { fileURLToPath } from "node:url";
import {
  busConfigFrom,
  closeServer,
  createPool,
  importSessionPublicKey,
  listen,
  migrate,
  runService,
  startServiceBus,
} from "@microtickets/common";
import { buildApp } from "./app.js";
import { loadPaymentsConfig } from "./config.js";
import { startPaymentSweep } from "./domain/payment-sweep.js";
import { paymentsListeners } from "./events/listeners.js";
import { createStripeClient } from "./stripe-client.js";

const migrations = fileURLToPath(new URL("./migrations", import.meta.url));

await runService("payments", async (logger) => {
  const config = loadPaymentsConfig();
  await migrate(config.DATABASE_URL, migrations);
  const db = createPool(config.DATABASE_URL);
  const stripe = createStripeClient(config.STRIPE_SECRET_KEY, config.STRIPE_API_BASE);
  const deps = {
    db,
    stripe,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET,
    clock: () => new Date(),
  };

  const bus = await startServiceBus({
    service: "payments",
    natsUrl: config.NATS_URL,
    bus: busConfigFrom(config),
    logger,
    outbox: { pool: db, databaseUrl: config.DATABASE_URL },
    listeners: paymentsListeners(db),
  });
  const stopSweep = startPaymentSweep({
    deps,
    intervalMs: config.PAYMENT_SWEEP_INTERVAL_MS,
    staleAfterMs: config.PAYMENT_STALE_AFTER_MS,
    logger,
  });

  const app = buildApp({
    logger,
    sessionPublicKey: await importSessionPublicKey(config.JWT_PUBLIC_KEY),
    trustProxy: config.TRUST_PROXY_HOPS,
    readiness: { database: () => db.query("SELECT 1"), nats: bus.ping },
    deps,
  });
  const server = await listen(app, config.PORT);
  logger.info(
    { port: config.PORT, stripe: config.STRIPE_API_BASE ?? "api.stripe.com" },
    "listening",
  );

  return [() => closeServer(server), stopSweep, ...bus.stops, () => db.end()];
});
