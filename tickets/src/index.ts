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
import { loadTicketsConfig } from "./config.js";
import { ticketsListeners } from "./events/listeners.js";

const migrations = fileURLToPath(new URL("./migrations", import.meta.url));

await runService("tickets", async (logger) => {
  const config = loadTicketsConfig();
  await migrate(config.DATABASE_URL, migrations);
  const db = createPool(config.DATABASE_URL);
  const bus = await startServiceBus({
    service: "tickets",
    natsUrl: config.NATS_URL,
    bus: busConfigFrom(config),
    logger,
    outbox: { pool: db, databaseUrl: config.DATABASE_URL },
    listeners: ticketsListeners(db),
  });

  const app = buildApp({
    logger,
    sessionPublicKey: await importSessionPublicKey(config.JWT_PUBLIC_KEY),
    trustProxy: config.TRUST_PROXY_HOPS,
    readiness: { database: () => db.query("SELECT 1"), nats: bus.ping },
    deps: { db },
  });
  const server = await listen(app, config.PORT);
  logger.info({ port: config.PORT }, "listening");

  return [() => closeServer(server), ...bus.stops, () => db.end()];
});
