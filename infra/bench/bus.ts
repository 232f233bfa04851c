import { fileURLToPath } from "node:url";
import {
  addToOutbox,
  createLogger,
  startConsumer,
  startOutboxRelay,
  TicketCreated,
  withTransaction,
} from "@microtickets/common";
import {
  createTestBus,
  createTestDatabase,
  sampleTicketCreated,
} from "@microtickets/common/testing";
import { summarize } from "./measure.js";

const noMigrations = fileURLToPath(
  new URL("../../common/src/db/__fixtures__/none", import.meta.url),
);

/**
 * The bus alone, in one process: from an outbox row's commit to the consumer's handler, through
 * the relay (woken by NOTIFY), JetStream and a durable consumer. What every propagation time
 * measured through HTTP is made of, without the HTTP.
 */
export async function busLatency(samples: number) {
  const logger = createLogger("bench");
  logger.level = "warn";
  const db = await createTestDatabase("bench_bus", noMigrations);
  const bus = await createTestBus("bench_bus");
  const handled = new Map<string, number>();
  const relay = await startOutboxRelay({ pool: db.pool, databaseUrl: db.url, ...bus, logger });
  const consumer = await startConsumer({
    ...bus,
    pool: db.pool,
    service: "bench",
    event: TicketCreated,
    logger,
    handle: async (_data, { event }) => {
      handled.set(event.id, performance.now());
    },
  });
  try {
    const durations: number[] = [];
    for (let i = 0; i < samples; i++) {
      const event = sampleTicketCreated();
      await withTransaction(db.pool, (tx) => addToOutbox(tx, event));
      const committedAt = performance.now();
      while (!handled.has(event.id)) await new Promise((resolve) => setImmediate(resolve));
      durations.push((handled.get(event.id) ?? 0) - committedAt);
    }
    return summarize(durations);
  } finally {
    await consumer.stop();
    await relay.stop();
    await bus.destroy();
    await db.drop();
  }
}
