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
import { EventStreams } from "./live/event-streams.js";
import { TicketFeed } from "./live/ticket-feed.js";

const migrations = fileURLToPath(new URL("./migrations", import.meta.url));

await runService("tickets", async (logger) => {
  const config = loadTicketsConfig();
  await migrate(config.DATABASE_URL, migrations);
  const db = createPool(config.DATABASE_URL);
  const busConfig = busConfigFrom(config);
  const bus = await startServiceBus({
    service: "tickets",
    natsUrl: config.NATS_URL,
    bus: busConfig,
    logger,
    outbox: { pool: db, databaseUrl: config.DATABASE_URL },
    listeners: ticketsListeners(db),
  });
  // Its own ordered consumer: every replica sees every change, whichever replica made it.
  const ticketFeed = await TicketFeed.start({ nc: bus.nc, bus: busConfig, logger });
  const eventStreams = new EventStreams();

  const app = buildApp({
    logger,
    sessionPublicKey: await importSessionPublicKey(config.JWT_PUBLIC_KEY),
    trustProxy: config.TRUST_PROXY_HOPS,
    readiness: { database: () => db.query("SELECT 1"), nats: bus.ping },
    deps: { db, ticketFeed, eventStreams },
  });
  const server = await listen(app, config.PORT);
  logger.info({ port: config.PORT }, "listening");

  return [
    async () => {
      const closing = closeServer(server);
      // An open event stream never finishes by itself: end them, or closing waits forever.
      eventStreams.closeAll();
      await closing;
    },
    () => ticketFeed.stop(),
    ...bus.stops,
    () => db.end(),
  ];
});
