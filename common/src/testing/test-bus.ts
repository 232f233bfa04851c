import { randomBytes } from "node:crypto";
import { type JetStreamClient, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { connectBus } from "../bus/connect.js";
import { type BusConfig, type EnsureStreamOptions, ensureStream } from "../bus/stream.js";
import { createLogger } from "../logger.js";

export interface TestBus {
  nc: NatsConnection;
  bus: BusConfig;
  js: JetStreamClient;
  /** Deletes the stream (and with it its consumers) and closes the connection. */
  destroy(): Promise<void>;
}

export function testNatsUrl(): string {
  return process.env.NATS_URL ?? "nats://127.0.0.1:4222";
}

/**
 * A stream and subject prefix of its own for one test file, on the shared server: files running
 * in parallel never see each other's events or consumers (or on a server of the test's own).
 */
export async function createTestBus(
  label: string,
  { url = testNatsUrl(), ...stream }: EnsureStreamOptions & { url?: string | undefined } = {},
): Promise<TestBus> {
  const suffix = randomBytes(4).toString("hex");
  const bus: BusConfig = {
    stream: `TEST_${label.replace(/[^\w-]/g, "_")}_${suffix}`,
    subjectPrefix: `t${suffix}.`,
  };
  // Reconnecting for as long as it takes, like a service: a private server may be restarted.
  const nc = await connectBus({ url, name: `test-${label}`, logger: createLogger("test-bus") });
  await ensureStream(nc, bus, stream);
  return {
    nc,
    bus,
    js: jetstream(nc),
    destroy: async () => {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(bus.stream);
      await nc.close();
    },
  };
}
