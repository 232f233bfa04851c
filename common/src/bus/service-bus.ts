import type { NatsConnection } from "@nats-io/transport-node";
import type { Pool } from "../db/pool.js";
import type { Logger } from "../logger.js";
import type { Stop } from "../service.js";
import { connectBus } from "./connect.js";
import type { RunningConsumer } from "./consumer.js";
import { startOutboxRelay } from "./outbox-relay.js";
import { type BusConfig, ensureStream } from "./stream.js";

/** What a listener needs besides its event and handler. */
export interface ConsumerBase {
  nc: NatsConnection;
  bus: BusConfig;
  service: string;
  logger: Logger;
}

export type StartListener = (base: ConsumerBase) => Promise<RunningConsumer>;

export interface ServiceBusOptions {
  service: string;
  natsUrl: string;
  bus: BusConfig;
  logger: Logger;
  /** The service's database, whose outbox this process relays to the bus. */
  outbox?: { pool: Pool; databaseUrl: string };
  listeners: StartListener[];
}

export interface ServiceBus {
  nc: NatsConnection;
  /** For /readyz: resolves once the server answers a round trip. */
  ping(): Promise<void>;
  /** In shutdown order: stop consuming, publish what is committed, close the connection. */
  stops: Stop[];
}

/** The messaging half of a service's wiring, the same in every service. */
export async function startServiceBus(options: ServiceBusOptions): Promise<ServiceBus> {
  const { service, bus, logger } = options;
  const nc = await connectBus({ url: options.natsUrl, name: service, logger });
  await ensureStream(nc, bus);
  const relay = options.outbox
    ? await startOutboxRelay({ ...options.outbox, nc, bus, logger })
    : undefined;
  const consumers = await Promise.all(
    options.listeners.map((start) => start({ nc, bus, service, logger })),
  );
  return {
    nc,
    ping: () => nc.flush(),
    stops: [
      async () => {
        await Promise.all(consumers.map((consumer) => consumer.stop()));
      },
      async () => relay?.stop(),
      () => nc.drain(),
    ],
  };
}
