import {
  busConfigFrom,
  closeServer,
  listen,
  runService,
  startServiceBus,
} from "@microtickets/common";
import { jetstream } from "@nats-io/jetstream";
import { buildApp } from "./app.js";
import { loadExpirationConfig } from "./config.js";
import { expirationListeners } from "./events/listeners.js";
import { createExpirationQueue, queuePrefixFrom } from "./queue/expiration-queue.js";
import { startExpirationWorker } from "./queue/expiration-worker.js";
import { connectRedis, pingRedis, warnIfCoarseTimers } from "./queue/redis-connection.js";

await runService("expiration", async (logger) => {
  const config = loadExpirationConfig();
  const bus = busConfigFrom(config);
  const redis = connectRedis(config.REDIS_URL, logger);
  void warnIfCoarseTimers(redis, logger);
  const prefix = queuePrefixFrom(config.REDIS_KEY_PREFIX);
  const queue = createExpirationQueue({ connection: redis, prefix, logger });
  const serviceBus = await startServiceBus({
    service: "expiration",
    natsUrl: config.NATS_URL,
    bus,
    logger,
    listeners: expirationListeners(queue),
  });
  const worker = startExpirationWorker({
    connection: redis,
    prefix,
    js: jetstream(serviceBus.nc),
    bus,
    logger,
  });

  const app = buildApp({ readiness: { redis: () => pingRedis(redis), nats: serviceBus.ping } });
  const server = await listen(app, config.PORT);
  logger.info({ port: config.PORT }, "listening");

  // The bus stops in order: listeners first, the connection last. The worker publishes
  // through that connection, so it finishes its jobs in hand in between.
  const [stopListeners = async () => {}, ...closeBus] = serviceBus.stops;
  return [
    () => closeServer(server),
    stopListeners,
    () => worker.close(),
    () => queue.close(),
    ...closeBus,
    async () => {
      await redis.quit();
    },
  ];
});
