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
import { loadOrdersConfig } from "./config.js";
import { startExpirySweep } from "./domain/expiry-sweep.js";
import { ordersListeners } from "./events/listeners.js";

const migrations = fileURLToPath(new URL("./migrations", import.meta.url));

await runService("orders", async (logger) => {
  const config = loadOrdersConfig();
  await migrate(config.DATABASE_URL, migrations);
  const db = createPool(config.DATABASE_URL);
  const clock = () => new Date();

  const bus = await startServiceBus({
    service: "orders",
    natsUrl: config.NATS_URL,
    bus: busConfigFrom(config),
    logger,
    outbox: { pool: db, databaseUrl: config.DATABASE_URL },
    listeners: ordersListeners(db, clock),
  });
  const stopSweep = startExpirySweep({
    pool: db,
    clock,
    intervalMs: config.EXPIRY_SWEEP_INTERVAL_MS,
    logger,
  });

  const app = buildApp({
    logger,
    sessionPublicKey: await importSessionPublicKey(config.JWT_PUBLIC_KEY),
    trustProxy: config.TRUST_PROXY_HOPS,
    readiness: { database: () => db.query("SELECT 1"), nats: bus.ping },
    deps: { db, clock, lockSeconds: config.ORDER_LOCK_SECONDS },
  });
  const server = await listen(app, config.PORT);
  logger.info({ port: config.PORT }, "listening");

  return [() => closeServer(server), stopSweep, ...bus.stops, () => db.end()];
});
